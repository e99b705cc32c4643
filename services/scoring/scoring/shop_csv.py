"""A community's shop from a CSV (`gongzhi scoring shop import FILE`), for a district setting
up its first items (the sample district's shop.csv):

    community,provider,name,price,stock,per_month,per_person,needs_approval,voucher_days
    620502001001,m-xg-001,大米 5kg,200,20,1,,no,30

Each provider's merchant account is opened in the item's community if it was not. An item
listed already (the same community, provider and name) is counted and left as it is: its stock
and price are the organiser's from then on, through the API. A bad row is reported with its
line and why and skipped."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongzhi.web import HttpError
from scoring import accounts, shop_items
from scoring.earning import Book
from scoring.ledger import Refused
from scoring.model import shop_items as items
from scoring.people_csv import rows_of

COLUMNS = tuple(shop_items.ItemIn.__dataclass_fields__)
NUMBERS = ("price", "stock", "per_month", "per_person", "voucher_days")


@dataclass
class ShopReport:
    listed: int = 0
    already: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def import_csv(session: Session, path: Path, book: Book, at: datetime) -> ShopReport:
    found = ShopReport()
    for line, row in rows_of(path, COLUMNS):
        try:
            with session.begin_nested():
                _one(session, _item(row), book, at, found)
        except (ValueError, HttpError) as bad:
            found.bad.append((line, str(bad)))
    return found


def _item(row: dict) -> shop_items.ItemIn:
    if None in row:
        raise ValueError("a row has the header's columns, nothing more")
    values: dict = {name: (row.get(name) or "").strip() for name in COLUMNS}
    for name in NUMBERS:
        values[name] = int(values[name]) if values[name] else None
        if values[name] is not None and values[name] < 0:
            raise ValueError(f"{name} is a number of 0 or more")
    if not all(values[name] for name in ("community", "provider", "name", "price")):
        raise ValueError("a row names its community, provider, name and price")
    values["stock"] = values["stock"] or 0
    values["voucher_days"] = values["voucher_days"] or 30
    values["needs_approval"] = values["needs_approval"].lower() in ("yes", "true", "1")
    return shop_items.ItemIn(**values)


def _one(session: Session, item: shop_items.ItemIn, book: Book, at: datetime, found) -> None:
    listed = session.scalar(
        select(items.c.id).where(
            items.c.community == item.community,
            items.c.provider == item.provider,
            items.c.name == item.name,
        )
    )
    if listed is not None:
        found.already += 1
        return
    try:
        accounts.open_holder(
            session, "merchant", item.provider, item.community, at, book.communities
        )
    except Refused as refused:
        raise ValueError(refused.message) from refused
    shop_items.create(session, item, "import", at, book.communities)
    found.listed += 1
