"""Placing an order in the shop: all or nothing, in one transaction.

    place(session, OrderIn(person="p-1001", item=7, client_key="app-1f2e"), by="app-1",
          at=now, book=book, outbox=outbox)

Refused with which check failed (409): `out_of_stock`, `over_budget` (the community's monthly
shop budget, scoring.shop.budgets), `over_limit` (the item's per-person limits) or
`insufficient_points`; nothing is written then. Otherwise one item is taken from the stock and
the price moves from the person to the community's holding account in one balanced posting,
in the same transaction as the order row and its event.

Concurrency: the person's and the holding account are locked first (the ledger's row locks, in
id order), then the stock is taken by `UPDATE ... SET stock = stock - 1 WHERE stock > 0`: on
PostgreSQL a second order for the same item waits on the first's row, sees its stock after
the first commits, and takes none when none is left. Every writer of the shop locks in that
order (accounts, then the order, then the item), so two never wait on each other in a circle."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.outbox import Outbox
from gongzhi.web import HttpError
from scoring import accounts, ledger, shop_events
from scoring.earning import Book
from scoring.model import shop_items, shop_orders

TAKEN = ("pending", "issued", "redeemed")  # orders that hold points or spent them


def holding(community: str) -> str:
    """The community's holding account, where ordered points wait for the counter: opened
    with the community's first item (shop_items.create), so no two orders race to open it."""
    return f"holding:{community}"


@dataclass(frozen=True)
class OrderIn:
    person: str
    item: int
    client_key: str  # the app's idempotency key: the same order twice is one


def place(
    session: Session, wanted: OrderIn, by: str, at: datetime, book: Book, outbox: Outbox
) -> tuple[Row, bool]:
    """Place an order, or find the one the app's client_key placed: (the order, whether new)."""
    found = session.execute(
        select(shop_orders).where(
            shop_orders.c.placed_by == by, shop_orders.c.client_key == wanted.client_key
        )
    ).first()
    if found is not None:
        return found, False
    person, item = _person_and_item(session, wanted)
    held = holding(item.community)
    ledger.lock(session, {person.code, held})
    _take_one(session, item)
    _check_budget(session, item, at, book)
    _check_limits(session, wanted.person, item, at, book)
    _check_balance(session, person, item)
    order = _write(session, wanted, item, by, at)
    _post(session, order, person.code, held, at, book)
    outbox.add(shop_events.PLACED, _placed(order, item.name, at), subject=str(order.id))
    return order, True


def _person_and_item(session: Session, wanted: OrderIn) -> tuple[Row, Row]:
    person = accounts.person_of(session, wanted.person)
    if person is None:
        raise HttpError(404, "not_found", f"no person {wanted.person!r} is registered")
    item = session.execute(select(shop_items).where(shop_items.c.id == wanted.item)).first()
    if item is None or not item.active:
        raise HttpError(404, "not_found", f"no item {wanted.item} on offer")
    if item.community != person.community:
        raise HttpError(
            409, "not_served", f"item {item.id} serves {item.community}, not {person.community}"
        )
    return person, item


def _take_one(session: Session, item: Row) -> None:
    taken = session.execute(
        update(shop_items)
        .where(shop_items.c.id == item.id, shop_items.c.stock > 0)
        .values(stock=shop_items.c.stock - 1)
    )
    if taken.rowcount != 1:
        raise HttpError(409, "out_of_stock", f"item {item.id} ({item.name}) is out of stock")


def _check_budget(session: Session, item: Row, at: datetime, book: Book) -> None:
    start, end = book.policy.month_of(at)
    spent = session.scalar(
        select(func.coalesce(func.sum(shop_orders.c.price), 0)).where(
            shop_orders.c.community == item.community,
            shop_orders.c.status.in_(TAKEN),
            shop_orders.c.placed_at >= start,
            shop_orders.c.placed_at < end,
        )
    )
    budget = book.scoring.shop.budget_of(item.community)
    if int(spent or 0) + item.price > budget:
        raise HttpError(
            409,
            "over_budget",
            f"{item.community}'s shop budget of {budget} points a month: {spent} redeemed, "
            f"{item.price} more refused",
        )


def _check_limits(session: Session, person: str, item: Row, at: datetime, book: Book) -> None:
    mine = select(func.count()).where(
        shop_orders.c.person == person,
        shop_orders.c.item_id == item.id,
        shop_orders.c.status.in_(TAKEN),
    )
    start, end = book.policy.month_of(at)
    limits = (
        ("per_person", item.per_person, mine),
        (
            "per_month",
            item.per_month,
            mine.where(shop_orders.c.placed_at >= start, shop_orders.c.placed_at < end),
        ),
    )
    for name, limit, query in limits:
        if limit is not None and int(session.scalar(query) or 0) >= limit:
            raise HttpError(
                409, "over_limit", f"{name} limit {limit} of item {item.id} reached by {person}"
            )


def _check_balance(session: Session, person: Row, item: Row) -> None:
    balance = ledger.balance(session, person.account_id)
    if balance < item.price:
        raise HttpError(
            409, "insufficient_points", f"{item.price} points needed, {person.person} has {balance}"
        )


def _write(session: Session, wanted: OrderIn, item: Row, by: str, at: datetime) -> Row:
    issued = not item.needs_approval
    values = {
        "item_id": item.id,
        "person": wanted.person,
        "community": item.community,
        "provider": item.provider,
        "price": item.price,
        "status": "issued" if issued else "pending",
        "placed_by": by,
        "client_key": wanted.client_key,
        "placed_at": at.astimezone(UTC),
        "expires_at": expiry(at, item.voucher_days) if issued else None,
    }
    made = session.execute(insert(shop_orders).values(values).returning(shop_orders.c.id))
    return order_of(session, made.scalar_one())


def expiry(at: datetime, days: int) -> datetime:
    """When a voucher issued at `at` stops being good."""
    return (at + timedelta(days=days)).astimezone(UTC)


def _post(session: Session, order: Row, person: str, held: str, at: datetime, book: Book) -> None:
    legs = (ledger.Leg(person, -order.price), ledger.Leg(held, order.price))
    posting = ledger.Posting(f"order:{order.id}:spend", "spend", legs, order.placed_by, at)
    try:
        ledger.post(session, posting, book.policy)
    except ledger.Refused as refused:  # the person's own limits: their floor above 0
        raise HttpError(409, "insufficient_points", refused.message) from refused


def _placed(order: Row, item_name: str, at: datetime) -> dict:
    data = shop_events.payload(order, item_name, at)
    return {**data, "expires_at": as_utc(order.expires_at)}


def order_of(session: Session, order_id: int, *, lock: bool = False) -> Row:
    query = select(shop_orders).where(shop_orders.c.id == order_id)
    found = session.execute(query.with_for_update() if lock else query).first()
    if found is None:
        raise HttpError(404, "not_found", f"no order {order_id}")
    return found


def orders_of(session: Session, community: str | None, status: str | None) -> list[dict]:
    """Orders, newest first: of one community (None: every community's), of one status."""
    query = select(shop_orders)
    if community is not None:
        query = query.where(shop_orders.c.community == community)
    if status is not None:
        query = query.where(shop_orders.c.status == status)
    rows = session.execute(query.order_by(shop_orders.c.id.desc()).limit(200)).mappings()
    return [dict(row) for row in rows]
