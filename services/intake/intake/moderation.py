"""Moderation: staff hide a report or an update from the public view, with a reason. It stays
in the record with who hid it and when; the first hiding stands. Plain functions."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from intake.model import report_updates, reports

REASONS = ("abuse", "personal_data", "duplicate")
MAX_DIGITS = 18  # below 2**63, the largest id the column holds


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class Hiding:
    reason: str
    by: str  # the staff key's holder
    at: datetime


def update_number(given: str) -> int:
    """An update's id from a URL; NotFound for anything no update can have."""
    # Not werkzeug's <int:>: a path it refuses is an HTML 404, and 2**63 overflows the column.
    if not (given.isascii() and given.isdigit() and len(given) <= MAX_DIGITS):
        raise NotFound()
    return int(given)


def hide_report(session: Session, report_id: str, hiding: Hiding) -> Hiding:
    """Hide a report; the hiding in force (an earlier one stands). NotFound for no report."""
    return _hide(session, reports, reports.c.id == report_id, hiding)


def hide_update(session: Session, report_id: str, update_id: int, hiding: Hiding) -> Hiding:
    """Hide one update of a report; the hiding in force. NotFound for no such update."""
    u = report_updates.c
    return _hide(session, report_updates, (u.id == update_id) & (u.report_id == report_id), hiding)


def _hide(session: Session, table: Table, which: Any, hiding: Hiding) -> Hiding:
    c = table.c
    found = session.execute(
        select(c.hidden_at, c.hidden_by, c.hidden_reason).where(which).with_for_update()
    ).first()
    if found is None:
        raise NotFound()
    if found.hidden_at is not None:
        return Hiding(found.hidden_reason, found.hidden_by, as_utc(found.hidden_at))
    hidden = {"hidden_at": hiding.at, "hidden_by": hiding.by, "hidden_reason": hiding.reason}
    session.execute(update(table).where(which).values(**hidden))
    return hiding
