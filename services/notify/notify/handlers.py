"""Notify's decisions: who hears of what, through which channel, and the log of it."""

from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from notify.model import deliveries, watchers

log = structlog.get_logger(__name__)
UPDATE_TEMPLATE = "您负责的诉求有新的{kind}。"
ASSIGNED_TEMPLATE = "新的诉求已派发给您:{category},网格 {grid}。请在时限内处理。"


def notify_assignee(event: Event, *, session: Session, outbox: Outbox, clock: Any) -> None:
    data = event.data
    grid = (data.get("grid") or {}).get("name") or "—"
    body = ASSIGNED_TEMPLATE.format(category=data["category"], grid=grid)
    # The log channel: the delivery is the log line and its row. Real channels come later.
    log.info("delivery", channel="log", recipient=data["owner"]["id"], subject=data["issue_id"])
    session.execute(
        insert(deliveries).values(
            subject=data["issue_id"],
            recipient=data["owner"]["id"],
            channel="log",
            template="issue.assigned",
            body=body,
            status="delivered",
            event_id=event.id,
            created_at=clock.now(),
        )
    )


def deliveries_about(session: Session, subject: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(deliveries).where(deliveries.c.subject == subject).order_by(deliveries.c.id)
    ).mappings()
    return [{**row, "created_at": as_utc(row["created_at"])} for row in rows]


def watch_for_co_reporter(event: Event, *, session: Session, outbox: Outbox) -> None:
    """A co-reporter hears the case's outcome like the first reporter (附议)."""
    data = event.data
    if not data.get("reporter_ref"):
        return
    exists = session.execute(
        select(watchers.c.subject).where(
            watchers.c.subject == data["report_id"],
            watchers.c.watcher_ref == data["reporter_ref"],
        )
    ).first()
    if exists is None:
        session.execute(
            insert(watchers).values(
                subject=data["report_id"],
                watcher_ref=data["reporter_ref"],
                since=datetime.fromisoformat(data["submitted_at"]),
            )
        )


def watchers_of(session: Session, subject: str) -> list[str]:
    rows = session.execute(select(watchers.c.watcher_ref).where(watchers.c.subject == subject))
    return [row.watcher_ref for row in rows]


def tell_of_update(event: Event, *, session: Session, outbox: Outbox, clock: Any) -> None:
    """Whoever was told of a report hears of what was added to it (a comment, a photo)."""
    data = event.data
    told = (
        session.execute(
            select(deliveries.c.recipient)
            .where(deliveries.c.subject == data["report_id"])
            .distinct()
        )
        .scalars()
        .all()
    )
    body = UPDATE_TEMPLATE.format(kind="照片" if data["kind"] == "photo" else "留言")
    for recipient in told:
        session.execute(
            insert(deliveries).values(
                subject=data["report_id"],
                recipient=recipient,
                channel="log",
                template="report.updated",
                body=body,
                status="delivered",
                event_id=event.id,
                created_at=clock.now(),
            )
        )
