"""A voucher: the code an issued order's QR code carries, and the counter that takes it.

The code is the order's id signed with HMAC-SHA256 (itsdangerous) under GONGZHI_VOUCHER_KEY,
a key scoring alone holds, e.g. `42.hV3c...`: it cannot be made up or altered, and it says
nothing about the person. Whether it is still good is the order's to say (its status and
expires_at), so a code is never stored and a cancelled order's code is simply refused.

    redeem(session, code, "m-1", at, keys, book, outbox)

moves the order's points from the community's holding account to the provider's, once: a
second scan is 409 `already_redeemed`, another provider's voucher 403, a forged code 404, an
expired one 410; each changes nothing."""

import hashlib
import io
import re
from datetime import UTC, datetime

import segno
from itsdangerous import BadSignature, Signer
from sqlalchemy import update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.outbox import Outbox
from gongzhi.web import HttpError
from scoring import ledger, shop_events, shop_items, shop_orders
from scoring.earning import Book
from scoring.model import shop_orders as orders

PURPOSE = "gongzhi.scoring.voucher"  # itsdangerous' salt: a signature for this alone
SHAPE = re.compile(r"[0-9]{1,10}\.[A-Za-z0-9_-]{20,100}")
KINDS = {"svg": "image/svg+xml", "png": "image/png"}


def _signer(keys: tuple[bytes, ...]) -> Signer:
    return Signer(list(keys), salt=PURPOSE, digest_method=hashlib.sha256)


def code_of(order_id: int, keys: tuple[bytes, ...]) -> str:
    """The voucher code of an order, signed with the newest key."""
    return _signer(keys).sign(str(order_id)).decode()


def order_id_of(code: str, keys: tuple[bytes, ...]) -> int:
    """The order a good code names; 404 for anything scoring did not sign."""
    if not SHAPE.fullmatch(code or ""):
        raise HttpError(404, "not_found", "no such voucher: not a code scoring gave")
    try:
        return int(_signer(keys).unsign(code))
    except BadSignature:
        raise HttpError(404, "not_found", "no such voucher: its signature does not match") from None


def picture(code: str, kind: str) -> bytes:
    """The code as a QR code, `svg` or `png` (segno writes both itself)."""
    out = io.BytesIO()
    segno.make(code, error="m").save(out, kind=kind, scale=8, border=4)
    return out.getvalue()


def check_good(order: Row, at: datetime) -> None:
    """Refuse a voucher that is not good now: not yet approved, redeemed, closed or expired."""
    if order.status == "redeemed":
        raise HttpError(409, "already_redeemed", f"order {order.id}'s voucher was redeemed")
    if order.status == "pending":
        raise HttpError(409, "not_approved", f"order {order.id} waits for its organiser")
    if order.status == "expired" or (order.status == "issued" and as_utc(order.expires_at) <= at):
        raise HttpError(410, "expired", f"order {order.id}'s voucher expired")
    if order.status != "issued":
        raise HttpError(409, "not_open", f"order {order.id} was {order.status}")


def redeem(
    session: Session, code: str, provider: str, at: datetime, keys, book: Book, outbox: Outbox
) -> Row:
    """Take a voucher at `provider`'s counter: its points to merchant:<provider>."""
    order = shop_orders.order_of(session, order_id_of(code, keys))
    if order.provider != provider:
        raise HttpError(403, "other_provider", f"order {order.id}'s voucher is not {provider}'s")
    held, merchant = shop_orders.holding(order.community), f"merchant:{provider}"
    ledger.lock(session, {held, merchant})
    order = shop_orders.order_of(session, order.id, lock=True)
    check_good(order, at)
    changes = {"status": "redeemed", "closed_by": provider, "closed_at": at.astimezone(UTC)}
    session.execute(update(orders).where(orders.c.id == order.id).values(changes))
    legs = (ledger.Leg(held, -order.price), ledger.Leg(merchant, order.price))
    posting = ledger.Posting(f"order:{order.id}:redeem", "redeem", legs, provider, at)
    ledger.post(session, posting, book.policy)
    done = shop_orders.order_of(session, order.id)
    name = shop_items.item_of(session, order.item_id).name
    outbox.add(shop_events.REDEEMED, shop_events.payload(done, name, at), subject=str(order.id))
    return done
