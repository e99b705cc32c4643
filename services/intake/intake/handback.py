"""Hand-back to the sending platform (办结反馈): a case that took in another platform's work order
(a 12345 order over AMQP) tells that platform each public step of it (accepted, answered,
resolved, reopened) as an event addressed to that platform alone, through the outbox like every
event. A work order merged into a case under way hears at once what it missed."""

from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import insert, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from gongzhi.catalogue import EventType
from gongzhi.clock import as_utc
from gongzhi.district import District
from gongzhi.outbox import Outbox
from intake import answers
from intake.config import intake_of
from intake.events import (
    WORK_ORDER_ACCEPTED,
    WORK_ORDER_ANSWERED,
    WORK_ORDER_REOPENED,
    WORK_ORDER_RESOLVED,
)
from intake.model import reports, work_orders

log = structlog.get_logger(__name__)

# routing's action: the step it is for the platform (a reply, a return or a council's decision
# counts if answered)
STEPS = {
    "accept": WORK_ORDER_ACCEPTED,
    "reply": WORK_ORDER_ANSWERED,
    "return": WORK_ORDER_ANSWERED,
    "decide": WORK_ORDER_ANSWERED,
    "resolve": WORK_ORDER_RESOLVED,
    "reopen": WORK_ORDER_REOPENED,
}
UNDER_WAY = ("accepted", "in_progress", "replied")  # the statuses past an owner's accept


def holding(session: Session, platform: str, work_order_id: str) -> str | None:
    """The case that took this platform's work order in already, if one did."""
    w = work_orders.c
    found = session.execute(
        select(w.report_id).where(w.platform == platform, w.work_order_id == work_order_id)
    ).first()
    return None if found is None else str(found.report_id)


def take(
    session: Session,
    outbox: Outbox,
    district: District,
    order: dict[str, Any],
) -> None:
    """Keep the work order `order` (platform, work_order_id, report_id, received_at) with its
    case; if that case is under way already, hand back what the order missed."""
    session.execute(insert(work_orders).values(**order))
    case = session.execute(
        select(reports.c.status, reports.c.expected_at).where(reports.c.id == order["report_id"])
    ).one()
    if case.status not in UNDER_WAY:
        return
    now = order["received_at"]
    step = {"status": case.status, "at": now, "expected_at": as_utc(case.expected_at)}
    _send(outbox, district, WORK_ORDER_ACCEPTED, order, step)
    latest = answers.latest(session, [order["report_id"]]).get(order["report_id"])
    if latest is not None:
        answer = {"text": latest["text"], "photos": latest["photos"]}
        _send(outbox, district, WORK_ORDER_ANSWERED, order, {**step, "answer": answer})


def hand_back(
    session: Session,
    outbox: Outbox,
    district: District,
    transition: dict[str, Any],
    expected_at: datetime | None,
) -> None:
    """Routing's `transition` of a case, as a step for each platform whose order it holds."""
    event_type = STEPS.get(transition["action"])
    if event_type is None or (event_type is WORK_ORDER_ANSWERED and not transition.get("answer")):
        return
    step = {
        "status": transition["status"],
        "answer": transition.get("answer"),
        "at": transition["at"],
        "expected_at": expected_at,
    }
    orders = session.execute(
        select(work_orders).where(work_orders.c.report_id == transition["issue_id"])
    ).mappings()
    for order in orders:
        _send(outbox, district, event_type, order, step)


def _send(
    outbox: Outbox,
    district: District,
    event_type: EventType,
    order: dict[str, Any] | RowMapping,
    step: dict[str, Any],
) -> None:
    platform = order["platform"]
    if platform not in intake_of(district).platforms:
        log.warning(
            "work_order_not_handed_back",
            platform=platform,
            work_order_id=order["work_order_id"],
            step=event_type.name,
            reason="the platform is no longer in the district's intake.platforms",
        )
        return
    data = {
        "platform": platform,
        "work_order_id": order["work_order_id"],
        "report_id": order["report_id"],
        "received_at": as_utc(order["received_at"]),
        **step,
    }
    outbox.add(event_type, _iso(data), subject=order["work_order_id"], recipient=platform)


def _iso(data: dict[str, Any]) -> dict[str, Any]:
    """Times as ISO 8601 text, as the schema loads them."""
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in data.items()}
