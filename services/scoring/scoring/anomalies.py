"""Anomaly flags: an earner whose month stands far above its community's norm (the mean of the
others' earning that month) is flagged once for the month, for a person to look at. A flag
refuses nothing: a caps refuses, a flag only asks."""

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from scoring.model import accounts, flags, legs

if TYPE_CHECKING:
    from scoring.earning import Book


def look(session: Session, earner: Row, at: datetime, book: "Book") -> bool:
    """Flag `earner` if its month is past the district's anomaly rule; True if flagged now."""
    start, end = book.policy.month_of(at)
    month = (start + timedelta(days=1)).strftime("%Y-%m")  # start is the local 1st, in UTC
    by_account = _month_earnings(session, earner.community, start, end)
    mine = by_account.pop(earner.id, 0)
    rule = book.scoring.anomaly
    if not by_account or mine < rule.min_points:
        return False
    norm = sum(by_account.values()) / len(by_account)
    if mine <= rule.factor * norm or _flagged(session, earner.id, month):
        return False
    values = {
        "account_id": earner.id,
        "month": month,
        "earned": mine,
        "norm": round(norm),
        "at": at.astimezone(UTC),
    }
    session.execute(insert(flags).values(values))
    return True


def _month_earnings(session: Session, community: str | None, start, end) -> dict[int, int]:
    same = accounts.c.community == community if community else accounts.c.community.is_(None)
    query = (
        select(legs.c.account_id, func.sum(legs.c.amount))
        .join(accounts, accounts.c.id == legs.c.account_id)
        .where(same, accounts.c.kind.in_(("person", "resident", "organisation")))
        .where(legs.c.kind == "earn", legs.c.amount > 0, legs.c.at >= start, legs.c.at < end)
        .group_by(legs.c.account_id)
    )
    return {account: int(total) for account, total in session.execute(query)}


def _flagged(session: Session, account_id: int, month: str) -> bool:
    query = select(flags.c.id).where(flags.c.account_id == account_id, flags.c.month == month)
    return session.scalar(query) is not None


def raised_since(session: Session, start: datetime) -> list[tuple[str | None, int]]:
    """Flags raised since `start` by the flagged account's community (None: a resident known
    by a pseudonym alone), e.g. `[("620502001001", 2)]`: for the metrics."""
    query = (
        select(accounts.c.community, func.count())
        .join(accounts, accounts.c.id == flags.c.account_id)
        .where(flags.c.at >= start)
        .group_by(accounts.c.community)
    )
    return [(community, int(count)) for community, count in session.execute(query)]
