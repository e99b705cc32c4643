"""The redemption shop's domain on the real migrated database: an order takes one item and
moves its price to the community's holding account in one posting, or is refused with which
check failed (stock, budget, limit, points) and writes nothing; approval, refusal, cancel and
expiry (of a voucher, or of an order no organiser approved in time) give back what they should
once; a voucher is redeemed once at its own provider's
counter; and on PostgreSQL fifty orders at once for the last three items sell exactly three."""

import os
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongzhi.testing.units import FakeClock, migrated_session_fixture, outbox_events, outbox_for
from gongzhi.web import HttpError
from scoring import earning, ledger, model, shop_items, shop_orders, shop_returns, shop_vouchers
from scoring.accounts import Person, open_account, open_holder, policy_of, register
from scoring.config import Limits, Scoring
from scoring.shop_config import Shop

session = migrated_session_fixture("scoring")
SCORING = Scoring(
    roles=("volunteer",),
    limits={"volunteer": Limits(min_balance=0)},
    default_budget=100_000,
    shop=Shop(budgets={"c1": 1000}),
)
PENDING_DAYS = SCORING.shop.pending_days  # 7, the default
BOOK = earning.Book(SCORING, "d1", policy_of(SCORING, "Asia/Shanghai"), frozenset({"c1", "c2"}))
AT = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
KEYS = (b"voucher-key-for-tests-alone-0123456789",)
RICE = shop_items.ItemIn(community="c1", provider="m-1", name="大米 5kg", price=100, stock=5)


def person(session, name: str, points: int = 300, community: str = "c1") -> str:
    register(session, Person(name, community, "volunteer"), SCORING, AT)
    if points:
        earner = open_account(session, "person", name, AT)
        made = earning.Earning(f"gift:{name}", earner, points, "gift", "tests", AT)
        earning.earn(session, made, BOOK)
    session.commit()
    return name


def shop(session, item=RICE) -> int:
    open_holder(session, "merchant", "m-1", "c1", AT)
    open_holder(session, "merchant", "m-2", "c1", AT)
    made = shop_items.create(session, item, "c1", AT).id
    session.commit()
    return made


def order(session, who: str, item: int, key: str = "", at=AT):
    outbox = outbox_for(session, model.metadata, FakeClock(at), service="scoring")
    wanted = shop_orders.OrderIn(who, item, key or f"k-{who}-{item}")
    try:
        made, _ = shop_orders.place(session, wanted, "app-1", at, BOOK, outbox)
    except HttpError:
        session.rollback()
        raise
    session.commit()
    return made


def refused(call) -> str:
    with pytest.raises(HttpError) as caught:
        call()
    return f"{caught.value.status} {caught.value.code}"


def balance(session, code: str) -> int:
    kind, _, holder = code.partition(":")
    return ledger.balance(session, open_account(session, kind, holder, AT).id)


def stock(session, item: int) -> int:
    return shop_items.item_of(session, item).stock


def test_an_order_takes_one_item_and_holds_its_price_in_one_posting(session):
    item, who = shop(session), person(session, "p-1")
    made = order(session, who, item)
    assert (made.status, made.price, stock(session, item)) == ("issued", 100, 4)
    assert shop_orders.expiry(AT, 30) == made.expires_at.replace(tzinfo=UTC)
    assert (balance(session, "person:p-1"), balance(session, "holding:c1")) == (200, 100)
    again = order(session, who, item)  # the same client key: the same order, nothing more
    assert (again.id, stock(session, item), balance(session, "person:p-1")) == (made.id, 4, 200)
    assert [e.type for e in outbox_events(session, model.metadata)] == ["scoring.order.placed.v1"]
    assert ledger.verify(session) == []


def test_each_refusal_names_its_check_and_changes_nothing(session):
    item = shop(session)
    limited = shop(session, shop_items.ItemIn("c1", "m-1", "油", 50, 9, per_month=1, per_person=2))
    rich, poor = person(session, "p-rich", 1000), person(session, "p-poor", 99)
    other = person(session, "p-c2", 500, community="c2")
    assert refused(lambda: order(session, poor, item)) == "409 insufficient_points"
    assert refused(lambda: order(session, other, item)) == "409 not_served"
    assert refused(lambda: order(session, "p-nobody", item)) == "404 not_found"
    order(session, rich, limited, "a")
    assert refused(lambda: order(session, rich, limited, "b")) == "409 over_limit"
    order(session, rich, limited, "c", at=AT + timedelta(days=31))  # next month: one more
    assert refused(lambda: order(session, rich, limited, "d", AT + timedelta(days=62))) == (
        "409 over_limit"  # two in all
    )
    assert (stock(session, item), stock(session, limited)) == (5, 7)
    assert balance(session, "person:p-poor") == 99
    assert ledger.verify(session) == []


def test_the_communitys_monthly_budget_and_the_stock_refuse_past_them(session):
    item = shop(session, shop_items.ItemIn("c1", "m-1", "电饭煲", 400, 3))
    people = [person(session, f"p-{n}", 500) for n in range(4)]
    order(session, people[0], item)
    order(session, people[1], item)  # 800 of the month's 1000
    assert refused(lambda: order(session, people[2], item)) == "409 over_budget"
    next_month = AT + timedelta(days=31)
    order(session, people[2], item, at=next_month)
    assert refused(lambda: order(session, people[3], item, at=next_month)) == "409 out_of_stock"
    assert (stock(session, item), balance(session, "person:p-3")) == (0, 500)


def test_a_voucher_is_redeemed_once_at_its_own_providers_counter(session):
    item, who = shop(session), person(session, "p-1")
    made = order(session, who, item)
    code = shop_vouchers.code_of(made.id, KEYS)
    outbox = outbox_for(session, model.metadata, FakeClock(AT), service="scoring")

    def scan(code: str, provider: str = "m-1", at=AT + timedelta(hours=1)):
        return shop_vouchers.redeem(session, code, provider, at, KEYS, BOOK, outbox)

    assert refused(lambda: scan(code, "m-2")) == "403 other_provider"
    assert refused(lambda: scan(code[:-3] + "AAA")) == "404 not_found"
    assert refused(lambda: scan("1.not-a-code")) == "404 not_found"
    assert refused(lambda: scan(code, at=AT + timedelta(days=30))) == "410 expired"
    assert scan(code).status == "redeemed"
    session.commit()
    assert refused(lambda: scan(code)) == "409 already_redeemed"
    assert (balance(session, "merchant:m-1"), balance(session, "holding:c1")) == (100, 0)
    assert ledger.verify(session) == []


def step(role: str = "organiser", at=AT) -> shop_returns.Step:
    return shop_returns.Step("c1" if role == "organiser" else "app-1", role, at)


def test_cancel_refusal_and_expiry_give_the_points_and_the_item_back_once(session):
    item, who = shop(session), person(session, "p-1")
    outbox = outbox_for(session, model.metadata, FakeClock(AT), service="scoring")
    first, second = order(session, who, item, "1"), order(session, who, item, "2")
    shop_returns.give_back(session, first.id, "cancelled", step("app"), BOOK, outbox)
    again = lambda: shop_returns.give_back(  # noqa: E731
        session, first.id, "cancelled", step(), BOOK, outbox
    )
    assert refused(again) == "409 not_open"
    later = AT + timedelta(days=30)
    assert shop_returns.due(session, later - timedelta(seconds=1), PENDING_DAYS) == []
    assert shop_returns.due(session, later, PENDING_DAYS) == [second.id]
    shop_returns.give_back(session, second.id, "expired", step("timer", later), BOOK, outbox)
    session.commit()
    assert (stock(session, item), balance(session, "person:p-1")) == (5, 300)
    types = [e.type for e in outbox_events(session, model.metadata)]
    assert types[-2:] == ["scoring.order.cancelled.v1", "scoring.order.expired.v1"]
    assert ledger.verify(session) == []


def test_an_order_that_needs_approval_waits_and_its_refusal_gives_back(session):
    needs = shop_items.ItemIn("c1", "m-1", "理发券", 60, 2, needs_approval=True, voucher_days=7)
    item, who = shop(session, needs), person(session, "p-1")
    outbox = outbox_for(session, model.metadata, FakeClock(AT), service="scoring")
    waiting, other = order(session, who, item, "1"), order(session, who, item, "2")
    assert (waiting.status, waiting.expires_at, balance(session, "person:p-1")) == (
        "pending",
        None,
        180,
    )
    code = shop_vouchers.code_of(waiting.id, KEYS)
    scan = lambda: shop_vouchers.redeem(session, code, "m-1", AT, KEYS, BOOK, outbox)  # noqa: E731
    assert refused(scan) == "409 not_approved"
    approved = shop_returns.approve(session, waiting.id, step(), outbox)
    assert approved.status == "issued"
    assert refused(lambda: shop_returns.approve(session, waiting.id, step(), outbox)) == (
        "409 not_pending"
    )
    shop_returns.give_back(session, other.id, "refused", step(), BOOK, outbox)
    session.commit()
    assert (stock(session, item), balance(session, "person:p-1")) == (1, 240)
    assert scan().status == "redeemed"


def test_an_order_no_organiser_approves_in_time_expires_and_gives_back_once(session):
    needs = shop_items.ItemIn("c1", "m-1", "理发券", 60, 2, needs_approval=True, voucher_days=7)
    item, who = shop(session, needs), person(session, "p-1")
    outbox = outbox_for(session, model.metadata, FakeClock(AT), service="scoring")
    waiting = order(session, who, item, "1")
    later = order(session, who, item, "2", at=AT + timedelta(days=1))
    lapse = AT + timedelta(days=PENDING_DAYS)
    assert shop_returns.due(session, lapse - timedelta(seconds=1), PENDING_DAYS) == []
    assert shop_returns.due(session, lapse, PENDING_DAYS) == [waiting.id]
    timer = step("timer", lapse)
    done = shop_returns.give_back(session, waiting.id, "expired", timer, BOOK, outbox)
    session.commit()
    assert (done.status, stock(session, item), balance(session, "person:p-1")) == (
        "expired",
        1,
        240,
    )
    assert refused(lambda: shop_returns.approve(session, waiting.id, step(), outbox)) == (
        "409 not_pending"
    )
    told = outbox_events(session, model.metadata)[-1]
    assert (told.type, told.data["unapproved"]) == ("scoring.order.expired.v1", True)
    assert told.data["owner"] == {"kind": "community", "id": "c1"}  # its organiser hears
    assert shop_returns.due(session, lapse, PENDING_DAYS) == []  # the other waits a day more
    assert shop_returns.due(session, lapse + timedelta(days=1), PENDING_DAYS) == [later.id]
    assert ledger.verify(session) == []


def test_an_order_approved_after_the_timer_found_it_pending_is_not_expired(session):
    needs = shop_items.ItemIn("c1", "m-1", "理发券", 60, 2, needs_approval=True, voucher_days=7)
    item, who = shop(session, needs), person(session, "p-1")
    outbox = outbox_for(session, model.metadata, FakeClock(AT), service="scoring")
    waiting = order(session, who, item)
    lapse = AT + timedelta(days=PENDING_DAYS)
    assert shop_returns.due(session, lapse, PENDING_DAYS) == [waiting.id]
    shop_returns.approve(session, waiting.id, step(at=lapse), outbox)  # just before the timer
    session.commit()
    timer = step("timer", lapse)
    expire = lambda: shop_returns.give_back(  # noqa: E731
        session, waiting.id, "expired", timer, BOOK, outbox
    )
    assert refused(expire) == "409 not_due"
    session.rollback()
    assert shop_orders.order_of(session, waiting.id).status == "issued"
    assert balance(session, "person:p-1") == 240


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"),
    reason="SQLite has one writer: the service's lock serialises its units of work, so there "
    "is nothing to race (PostgreSQL runs it with DATABASE_URL)",
)
def test_fifty_orders_at_once_for_the_last_three_items_sell_exactly_three(session):
    item = shop(session, shop_items.ItemIn("c1", "m-1", "洗衣液", 10, 3))
    people = [person(session, f"p-{n}", 50) for n in range(50)]
    session.commit()
    outcomes: list[str] = []
    start = threading.Barrier(len(people))

    def buy(who: str) -> None:
        with Session(session.get_bind()) as mine:
            outbox = outbox_for(mine, model.metadata, FakeClock(AT), service="scoring")
            start.wait()
            try:
                shop_orders.place(mine, shop_orders.OrderIn(who, item, "k"), who, AT, BOOK, outbox)
                mine.commit()
                outcomes.append("placed")
            except HttpError as refusal:
                mine.rollback()
                outcomes.append(refusal.code)

    threads = [threading.Thread(target=buy, args=(who,)) for who in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["out_of_stock"] * 47 + ["placed"] * 3
    assert (stock(session, item), balance(session, "holding:c1")) == (0, 30)
    kept = [balance(session, f"person:{who}") for who in people]
    assert sorted(kept) == [40] * 3 + [50] * 47
    count = select(func.count()).select_from(model.shop_orders)
    assert session.scalar(count) == 3
    assert ledger.verify(session) == []
