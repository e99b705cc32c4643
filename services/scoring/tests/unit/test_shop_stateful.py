"""The shop as a state machine on the real database (SQLite, or PostgreSQL under DATABASE_URL):
Hypothesis places, cancels, redeems, expires and restocks; beside it a plain model of stock,
balances and each order's status. After every step the item's stock is the model's and never
under 0, every balance is the model's, an order the model expects refused is refused with the
model's code and writes nothing, and the ledger balances (every posting sums to zero, every
checkpoint is the sum of its legs)."""

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from gongzhi.testing.units import FakeClock, migrated_session_fixture, outbox_for
from gongzhi.web import HttpError
from scoring import earning, ledger, model, shop_items, shop_orders, shop_returns, shop_vouchers
from scoring.accounts import Person, open_account, open_holder, policy_of, register
from scoring.config import Limits, Scoring
from scoring.shop_config import Shop

session = migrated_session_fixture("scoring")
SCORING = Scoring(
    roles=("volunteer",),
    limits={"volunteer": Limits(min_balance=0)},
    default_budget=10**6,
    shop=Shop(default_budget=10**6),
)
BOOK = earning.Book(SCORING, "d1", policy_of(SCORING, "Asia/Shanghai"))
KEYS = (b"voucher-key-for-tests-alone-0123456789",)
PRICE, DAYS = 10, 30


class Shopping(RuleBasedStateMachine):
    def __init__(self, session):
        super().__init__()
        self.session, self.run = session, uuid.uuid4().hex[:8]
        self.now = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
        community, self.provider = f"c-{self.run}", f"m-{self.run}"
        open_holder(session, "merchant", self.provider, community, self.now)
        item = shop_items.ItemIn(community, self.provider, "米", PRICE, 2, voucher_days=DAYS)
        self.item = shop_items.create(session, item, "tests", self.now).id
        self.people = [f"p{n}-{self.run}" for n in range(3)]
        self.balances = {who: self._give(who, community, 25) for who in self.people}
        self.stock, self.merchant, self.keys = 2, 0, 0
        self.orders: dict[int, tuple[str, str]] = {}  # id: (person, status)
        session.commit()

    def _give(self, who: str, community: str, points: int) -> int:
        register(self.session, Person(who, community, "volunteer"), SCORING, self.now)
        account = open_account(self.session, "person", who, self.now)
        made = earning.Earning(f"gift:{who}", account, points, "gift", "tests", self.now)
        earning.earn(self.session, made, BOOK)
        return points

    def _outbox(self):
        return outbox_for(self.session, model.metadata, FakeClock(self.now), service="scoring")

    def _try(self, call, expected: str | None) -> None:
        count = self.session.scalar(select(func.count()).select_from(model.transactions))
        refusal: HttpError | None = None
        try:
            call()
        except HttpError as caught:
            refusal = caught
        if refusal is None:
            self.session.commit()
            assert expected is None, f"done, though the model expected {expected}"
            return
        self.session.rollback()
        assert refusal.code == expected, (refusal.code, refusal.message, expected)
        after = self.session.scalar(select(func.count()).select_from(model.transactions))
        assert after == count  # nothing written

    @rule(n=st.integers(0, 2))
    def place(self, n: int) -> None:
        who, self.keys = self.people[n], self.keys + 1
        wanted = shop_orders.OrderIn(who, self.item, f"k{self.run}-{self.keys}")
        made: list[int] = []

        def call():
            order, _ = shop_orders.place(
                self.session, wanted, "app", self.now, BOOK, self._outbox()
            )
            made.append(order.id)

        short = self.balances[who] < PRICE
        expected = "out_of_stock" if not self.stock else "insufficient_points" if short else None
        self._try(call, expected)
        if made:
            self.orders[made[0]] = (who, "issued")
            self.stock, self.balances[who] = self.stock - 1, self.balances[who] - PRICE

    @rule(pick=st.integers(0, 50))
    def cancel(self, pick: int) -> None:
        if not self.orders:
            return
        order = sorted(self.orders)[pick % len(self.orders)]
        who, status = self.orders[order]
        step = shop_returns.Step("app", "app", self.now)
        call = lambda: shop_returns.give_back(  # noqa: E731
            self.session, order, "cancelled", step, BOOK, self._outbox()
        )
        expected = {"issued": None, "redeemed": "already_redeemed"}.get(status, "not_open")
        self._try(call, expected)
        if expected is None:
            self._back(order, who, "cancelled")

    def _back(self, order: int, who: str, status: str) -> None:
        self.orders[order] = (who, status)
        self.stock, self.balances[who] = self.stock + 1, self.balances[who] + PRICE

    @rule(pick=st.integers(0, 50))
    def redeem(self, pick: int) -> None:
        if not self.orders:
            return
        order = sorted(self.orders)[pick % len(self.orders)]
        who, status = self.orders[order]
        code = shop_vouchers.code_of(order, KEYS)
        call = lambda: shop_vouchers.redeem(  # noqa: E731
            self.session, code, self.provider, self.now, KEYS, BOOK, self._outbox()
        )
        codes = {"issued": None, "redeemed": "already_redeemed", "expired": "expired"}
        expected = codes.get(status, "not_open")
        self._try(call, expected)
        if expected is None:
            self.orders[order], self.merchant = (who, "redeemed"), self.merchant + PRICE

    @rule()
    def a_month_passes(self) -> None:
        self.now += timedelta(days=DAYS + 1)
        due = [
            o
            for o in shop_returns.due(self.session, self.now, SCORING.shop.pending_days)
            if o in self.orders
        ]
        assert sorted(due) == sorted(o for o, (_, s) in self.orders.items() if s == "issued")
        step = shop_returns.Step("timer", "timer", self.now)
        for order in due:
            shop_returns.give_back(self.session, order, "expired", step, BOOK, self._outbox())
            self.session.commit()
            self._back(order, self.orders[order][0], "expired")

    @rule(quantity=st.integers(1, 3))
    def restock(self, quantity: int) -> None:
        shop_items.restock(self.session, self.item, quantity, "tests", self.now)
        self.session.commit()
        self.stock += quantity

    @invariant()
    def stock_and_balances_are_the_models(self) -> None:
        stock = shop_items.item_of(self.session, self.item).stock
        assert stock == self.stock >= 0
        for who, points in self.balances.items():
            assert self._balance(f"person:{who}") == points
        assert self._balance(f"merchant:{self.provider}") == self.merchant

    def _balance(self, code: str) -> int:
        kind, _, holder = code.partition(":")
        return ledger.balance(self.session, open_account(self.session, kind, holder, self.now).id)

    @invariant()
    def the_ledger_balances(self) -> None:
        assert ledger.verify(self.session) == []
        total = select(func.coalesce(func.sum(model.legs.c.amount), 0))
        assert self.session.scalar(total) == 0


def test_orders_keep_the_stock_and_the_ledger_whole(session):
    run_state_machine_as_test(
        lambda: Shopping(session),
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
