"""Points expire `expiry.after_days` after they were earned, first in, first out: whatever
leaves an account (spent, moved, expired before) is taken from its oldest points first. So
what is due to expire at a moment is what came in up to the cutoff less everything that ever
went out, when that is more than nothing; it moves to the expiry account in one posting keyed
by the account and the cutoff's day, so a second run that day changes nothing.

Refunds (later, the shop) come back as new points, dated when they come back."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from scoring import accounts, ledger
from scoring.config import EARNERS
from scoring.model import accounts as accounts_table
from scoring.model import legs


def due(session: Session, account_id: int, cutoff: datetime) -> int:
    """Points of the account older than `cutoff` not yet spent, moved or expired."""
    came = func.sum(case((and_(legs.c.at <= cutoff, legs.c.amount > 0), legs.c.amount), else_=0))
    went = func.sum(case((legs.c.amount < 0, -legs.c.amount), else_=0))
    row = session.execute(select(came, went).where(legs.c.account_id == account_id)).one()
    return max(0, int(row[0] or 0) - int(row[1] or 0))


def expire(session: Session, now: datetime, after_days: int, policy: ledger.Policy) -> int:
    """Expire what is due in every earning account; the points expired."""
    cutoff = (now - timedelta(days=after_days)).astimezone(UTC)  # SQLite keeps no offset
    sink = accounts.open_account(session, "expiry", "", now)
    total = 0
    for account_id, code in session.execute(_holding_since(cutoff)).all():
        points = due(session, account_id, cutoff)
        if points:
            key = f"expire:{code}:{cutoff.date().isoformat()}"
            legs_ = (ledger.Leg(code, -points), ledger.Leg(sink.code, points))
            _, created = ledger.post(
                session, ledger.Posting(key, "expire", legs_, "expiry", now), policy
            )
            total += points if created else 0
    return total


def _holding_since(cutoff: datetime):
    """Earning accounts with points that came in by the cutoff: the only ones that may owe."""
    return (
        select(accounts_table.c.id, accounts_table.c.code)
        .where(accounts_table.c.kind.in_(EARNERS))
        .where(
            select(legs.c.id)
            .where(legs.c.account_id == accounts_table.c.id, legs.c.amount > 0, legs.c.at <= cutoff)
            .exists()
        )
        .order_by(accounts_table.c.id)
    )
