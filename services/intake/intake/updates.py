"""What is added to a report after it was taken: comments and photos. Plain functions."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.outbox import Outbox
from intake.events import REPORT_UPDATED
from intake.model import report_updates, reports


class UnknownReport(LookupError):
    pass


def add_update(
    report_id: str, given: dict[str, Any], *, session: Session, outbox: Outbox, now: datetime
) -> int:
    """Add a comment or a photo to a report and announce it; the update's id."""
    exists = session.execute(select(func.count()).where(reports.c.id == report_id)).scalar_one()
    if not exists:
        raise UnknownReport(report_id)
    row = {
        "report_id": report_id,
        "kind": given["kind"],
        "author": given["author"],
        "text": given.get("text") or "",
        "media_url": given.get("media_url"),
        "created_at": now,
    }
    update_id = session.execute(insert(report_updates).values(**row)).inserted_primary_key[0]
    session.execute(update(reports).where(reports.c.id == report_id).values(updated_at=now))
    outbox.add(
        REPORT_UPDATED,
        {**row, "update_id": update_id, "created_at": now.isoformat()},
        subject=report_id,
    )
    return update_id


def updates_of(session: Session, report_id: str) -> list[dict[str, Any]]:
    return _read(session, select(report_updates).where(report_updates.c.report_id == report_id))


def updates_between(
    session: Session, start: datetime, end: datetime, limit: int
) -> list[dict[str, Any]]:
    """For Open311's servicerequestupdates poll: every update in the window, oldest first."""
    statement = (
        select(report_updates, reports.c.status)
        .join(reports)
        .where(report_updates.c.created_at.between(start, end))
        .limit(limit)
    )
    return _read(session, statement)


def _read(session: Session, statement) -> list[dict[str, Any]]:
    rows = session.execute(statement.order_by(report_updates.c.id)).mappings()
    return [{**row, "created_at": as_utc(row["created_at"])} for row in rows]
