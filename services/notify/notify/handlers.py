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


MOVED_TEMPLATE = "您负责的诉求已{verb}给 {owner}:{category}。原因:{reason}"
CO_HANDLER_TEMPLATE = "请协同处置诉求:{category},网格 {grid}。您的任务:{task}"
WARNED_TEMPLATE = "诉求将于 {turns_at} 亮{light}灯:{category}(负责人 {owner}),请督办。"
MOVES = {"transfer": "转办", "escalate": "上报", "return": "退回"}
LIGHTS = {"yellow": "黄", "red": "红"}


def notify_assignee(event: Event, *, session: Session, outbox: Outbox, clock: Any) -> None:
    """The new owner hears of the case; on a move (transfer, escalation, return) the owner it
    left hears too, so both tiers know; on the first assignment, each co-handler of its task."""
    data = event.data
    grid = (data.get("grid") or {}).get("name") or "—"
    body = ASSIGNED_TEMPLATE.format(category=data["category"], grid=grid)
    send = _sender(session, event, clock, subject=data["issue_id"])
    send(data["owner"]["id"], "issue.assigned", body)
    if data.get("action") in MOVES and data.get("from_owner"):
        moved = MOVED_TEMPLATE.format(
            verb=MOVES[data["action"]],
            owner=data["owner"]["id"],
            category=data["category"],
            reason=data.get("reason") or "—",
        )
        send(data["from_owner"]["id"], "issue.moved", moved)
    if data.get("action") == "assign":
        for co in data.get("co_handlers", []):
            task = CO_HANDLER_TEMPLATE.format(category=data["category"], grid=grid, task=co["task"])
            send(co["owner"]["id"], "issue.co_handler", task)


LIGHT_TEMPLATE = "您负责的诉求已亮{light}灯:{category}({clock} 时限已到)。请尽快处理。"
CLOCK_NAMES = {"response": "响应", "reply": "答复", "resolution": "办结"}


def tell_owner_of_light(event: Event, *, session: Session, outbox: Outbox, clock: Any) -> None:
    """The owner hears when one of the case's clocks turns yellow or red."""
    data = event.data
    body = LIGHT_TEMPLATE.format(
        light=LIGHTS.get(data["to_light"], data["to_light"]),
        category=data["category"],
        clock=CLOCK_NAMES.get(data["clock"], data["clock"]),
    )
    send = _sender(session, event, clock, subject=data["issue_id"])
    send(data["owner"]["id"], f"issue.light.{data['to_light']}", body)


def warn_supervisors(event: Event, *, session: Session, outbox: Outbox, clock: Any) -> None:
    """Supervisors hear of a case about to turn yellow or red."""
    data = event.data
    body = WARNED_TEMPLATE.format(
        turns_at=data["turns_at"],
        light=LIGHTS.get(data["light"], data["light"]),
        category=data["category"],
        owner=data["owner"]["id"],
    )
    send = _sender(session, event, clock, subject=data["issue_id"])
    for supervisor in data["supervisors"]:
        send(supervisor, f"issue.warned.{data['light']}", body)


def _sender(session: Session, event: Event, clock: Any, *, subject: str):
    def send(recipient: str, template: str, body: str) -> None:
        # The log channel: the delivery is the log line and its row. Real channels come later.
        log.info("delivery", channel="log", recipient=recipient, subject=subject)
        session.execute(
            insert(deliveries).values(
                subject=subject,
                recipient=recipient,
                channel="log",
                template=template,
                body=body,
                status="delivered",
                event_id=event.id,
                created_at=clock.now(),
            )
        )

    return send


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
