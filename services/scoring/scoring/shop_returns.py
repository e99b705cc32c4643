"""An order's way after it is placed, short of the counter (shop_vouchers.py has that):
an organiser approves a pending order (its voucher is issued) or refuses it; the person's app
or an organiser cancels an order not yet redeemed; the timer expires an issued order whose
voucher's days passed, and a pending one no organiser approved within the district's
`scoring.shop.pending_days` of its placing. Refused, cancelled and expired orders give the
points back (holding to the person, one posting keyed by the order, so never twice) and the
item back to the stock.

Locks as placing does: the two accounts, then the order, then the item."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.outbox import Outbox
from gongzhi.web import HttpError
from scoring import accounts, ledger, shop_events, shop_items, shop_orders
from scoring.earning import Book
from scoring.model import shop_items as items
from scoring.model import shop_orders as orders


@dataclass(frozen=True)
class Step:
    """Who moves an order (its key's holder, or the timer), as what (app, organiser, timer),
    when, and why (a refusal's or a cancellation's reason)."""

    by: str
    role: str
    at: datetime
    reason: str | None = None


def approve(session: Session, order_id: int, step: Step, outbox: Outbox) -> Row:
    """Issue a pending order's voucher, good for its item's voucher_days from now."""
    order = shop_orders.order_of(session, order_id, lock=True)
    if order.status != "pending":
        raise HttpError(409, "not_pending", f"order {order_id} is {order.status}, not pending")
    item = shop_items.item_of(session, order.item_id)
    expires = shop_orders.expiry(step.at, item.voucher_days)
    changes = {"status": "issued", "expires_at": expires, **_closed(step)}
    session.execute(update(orders).where(orders.c.id == order_id).values(changes))
    done = shop_orders.order_of(session, order_id)
    data = {**shop_events.payload(done, item.name, step.at), "expires_at": expires}
    outbox.add(shop_events.PLACED, data, subject=str(order_id))
    return done


def give_back(
    session: Session, order_id: int, status: str, step: Step, book: Book, outbox: Outbox
) -> Row:
    """Refuse (status refused), cancel (cancelled) or expire (expired) an order: the points
    back to the person, the item back to the stock. 409 for an order that is past that."""
    order = shop_orders.order_of(session, order_id)
    person = accounts.person_of(session, order.person)
    held = shop_orders.holding(order.community)
    ledger.lock(session, {person.code, held})
    order = shop_orders.order_of(session, order_id, lock=True)
    _check_open(order, status, step.at)
    changes = {"status": status, **_closed(step)}
    session.execute(update(orders).where(orders.c.id == order_id).values(changes))
    more = {"stock": items.c.stock + 1}
    session.execute(update(items).where(items.c.id == order.item_id).values(more))
    legs = (ledger.Leg(held, -order.price), ledger.Leg(person.code, order.price))
    posting = ledger.Posting(f"order:{order_id}:back", "refund", legs, step.by, step.at)
    ledger.post(session, posting, book.policy)
    done = shop_orders.order_of(session, order_id)
    _announce(session, done, step, outbox)
    return done


OPEN = {
    "refused": ("pending",),
    "cancelled": ("pending", "issued"),
    "expired": ("pending", "issued"),
}


def _check_open(order: Row, status: str, at: datetime) -> None:
    if order.status == "redeemed":
        raise HttpError(409, "already_redeemed", f"order {order.id} was redeemed already")
    if order.status not in OPEN[status]:
        raise HttpError(409, "not_open", f"order {order.id} is {order.status}")
    good_until = as_utc(order.expires_at)
    if status == "expired" and good_until is not None and good_until > at:
        # approved after the timer found it pending: its voucher is new
        raise HttpError(409, "not_due", f"order {order.id}'s voucher is good until {good_until}")


def _announce(session: Session, done: Row, step: Step, outbox: Outbox) -> None:
    data = shop_events.payload(done, shop_items.item_of(session, done.item_id).name, step.at)
    if done.status == "expired":
        unapproved = done.expires_at is None  # never issued: it waited for approval
        expired = {**data, "unapproved": unapproved}
        outbox.add(shop_events.EXPIRED, expired, subject=str(done.id))
        return
    cancelled = {**data, "by": step.role, "refused": done.status == "refused"}
    outbox.add(shop_events.CANCELLED, cancelled, subject=str(done.id))


def due(session: Session, now: datetime, pending_days: int, limit: int = 200) -> list[int]:
    """Orders to expire, oldest first: issued ones whose voucher's days have passed, pending
    ones placed `pending_days` or more ago (calendar days, as a voucher's)."""
    at = now.astimezone(UTC)  # SQLite keeps no offset
    lapsed = or_(
        and_(orders.c.status == "issued", orders.c.expires_at <= at),
        and_(orders.c.status == "pending", orders.c.placed_at <= at - timedelta(days=pending_days)),
    )
    return list(
        session.scalars(select(orders.c.id).where(lapsed).order_by(orders.c.id).limit(limit))
    )


def _closed(step: Step) -> dict:
    return {"closed_by": step.by, "closed_at": step.at.astimezone(UTC), "reason": step.reason}
