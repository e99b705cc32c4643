"""The shop's items (积分超市): what a merchant provides to one community for points, with its
stock and per-person limits, managed by an organiser of that community or an operator.

    create(session, ItemIn(community="620502001001", provider="m-1", name="大米 5kg",
                           price=200, stock=20), by="620502001001", at=now)

An item's provider is a merchant whose account an operator opened (POST /api/v1/accounts):
that account is where the points go when the voucher is redeemed at its counter. Stock only
grows by a restock and only shrinks by an order (shop_orders.py), never set outright, so a
restock and an order at the same moment both count."""

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from gongzhi.web import HttpError
from scoring import accounts
from scoring.model import accounts as accounts_table
from scoring.model import shop_items

EDITABLE = ("name", "price", "per_month", "per_person", "needs_approval", "voucher_days", "active")


@dataclass(frozen=True)
class ItemIn:
    community: str
    provider: str
    name: str
    price: int
    stock: int
    per_month: int | None = None
    per_person: int | None = None
    needs_approval: bool = False
    voucher_days: int = 30


def create(session: Session, item: ItemIn, by: str, at: datetime, communities=frozenset()) -> Row:
    """List a new item; 400 for a community the district has not or a merchant with no account."""
    if communities and item.community not in communities:
        raise HttpError(
            400, "unknown_community", f"no community {item.community!r} in the district"
        )
    provider = f"merchant:{item.provider}"
    if session.scalar(select(accounts_table.c.id).where(accounts_table.c.code == provider)) is None:
        raise HttpError(
            400, "unknown_provider", f"no account {provider!r}: an operator opens it first"
        )
    accounts.open_account(session, "holding", item.community, at, community=item.community)
    values = {**asdict(item), "active": True, "updated_by": by, "updated_at": at.astimezone(UTC)}
    made = session.execute(insert(shop_items).values(values).returning(shop_items.c.id))
    return item_of(session, made.scalar_one())


def edit(session: Session, item_id: int, changes: dict[str, Any], by: str, at: datetime) -> Row:
    """Change what EDITABLE names; orders placed keep the price they were placed at."""
    changes = {name: value for name, value in changes.items() if name in EDITABLE}
    stamp = {"updated_by": by, "updated_at": at.astimezone(UTC)}
    session.execute(
        update(shop_items).where(shop_items.c.id == item_id).values({**changes, **stamp})
    )
    return item_of(session, item_id)


def restock(session: Session, item_id: int, quantity: int, by: str, at: datetime) -> Row:
    """Add `quantity` to the stock, in the database's own arithmetic (no read, then write)."""
    more = {"stock": shop_items.c.stock + quantity, "updated_by": by}
    more["updated_at"] = at.astimezone(UTC)
    session.execute(update(shop_items).where(shop_items.c.id == item_id).values(more))
    return item_of(session, item_id)


def item_of(session: Session, item_id: int) -> Row:
    found = session.execute(select(shop_items).where(shop_items.c.id == item_id)).first()
    if found is None:
        raise HttpError(404, "not_found", f"no item {item_id}")
    return found


def listed(session: Session, community: str | None) -> list[dict[str, Any]]:
    """Items on offer (active), of one community or all, in the order they were listed."""
    query = select(shop_items).where(shop_items.c.active.is_(True))
    if community is not None:
        query = query.where(shop_items.c.community == community)
    rows = session.execute(query.order_by(shop_items.c.id).limit(500)).mappings()
    return [dict(row) for row in rows]
