"""The answers routing gives the resident (办结情况告知), kept as public updates of the report:
each with its time and the status it came with. Events may arrive out of order: each answer is
kept, and the latest by time is the report's answer (Open311's status_notes)."""

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from intake.model import report_updates, reports


def record(
    session: Session, report_id: str, answer: dict[str, Any], status: str, at: datetime
) -> None:
    """File routing's answer as an update of the report, if intake holds that report."""
    if session.execute(select(reports.c.id).where(reports.c.id == report_id)).first() is None:
        return
    photos = list(answer["photos"])
    session.execute(
        insert(report_updates).values(
            report_id=report_id,
            kind="answer",
            author="staff",
            text=answer["text"],
            media_url=photos[0] if photos else None,  # Open311 has room for one
            photos=photos,
            status=status,
            created_at=at,
        )
    )


def latest(session: Session, report_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Each report's latest answer by its time (ties: the one filed last), by report id; one
    staff hid (moderation) is nobody's answer."""
    u = report_updates.c
    rows = session.execute(
        select(report_updates)
        .where(u.report_id.in_(report_ids), u.kind == "answer", u.hidden_at.is_(None))
        .order_by(report_updates.c.created_at, report_updates.c.id)
    ).mappings()
    return {row["report_id"]: shown(row) for row in rows}  # later rows win


def shown(row: Any) -> dict[str, Any]:
    return {
        "text": row["text"],
        "photos": row["photos"] or [],
        "status": row["status"],
        "at": as_utc(row["created_at"]),
    }
