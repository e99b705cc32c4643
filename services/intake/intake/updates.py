"""What is added to a report after it was taken: comments and photos. Plain functions."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

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
