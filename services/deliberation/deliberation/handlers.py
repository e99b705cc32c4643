"""Deliberation's event handlers: remember each case routing assigns, so it can be promoted to a
matter, and hear the signals that promote one by the district's rule (signals.py); remember who
reported each case (residents.py); follow the cases made of a carried plan's tasks (tasks.py)."""

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from deliberation import residents, signals, tasks
from deliberation.model import known_issues
from deliberation.policy import Policy
from deliberation.promotion import AUTO
from deliberation.steps import Move
from gongzhi.clock import as_utc
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox


def remember_issue(
    event: Event, *, session: Session, outbox: Outbox, clock: Any, policy: Policy
) -> None:
    """Keep each issue's latest tier: it is assigned once, then maybe moved (transfer,
    escalation, return); a move older than the one kept is ignored. An escalation may promote
    the case; so may signals heard before it was known."""
    data = event.data
    values = {
        "category": data["category"],
        "grid_code": (data.get("grid") or {}).get("code"),
        "tier": data["tier"],
        "assigned_at": datetime.fromisoformat(data["assigned_at"]),
    }
    known = session.execute(
        select(known_issues.c.assigned_at).where(known_issues.c.id == data["issue_id"])
    ).first()
    if known is None:
        session.execute(insert(known_issues).values(id=data["issue_id"], **values))
    elif as_utc(known.assigned_at) <= values["assigned_at"]:
        statement = update(known_issues).where(known_issues.c.id == data["issue_id"])
        session.execute(statement.values(**values))
    move = Move(AUTO, clock.now(), policy, session, outbox)
    if data.get("action") == "escalate":
        signals.escalated(data["issue_id"], data["tier"], move)
    else:
        signals.promote_if_due(data["issue_id"], move)


def count_co_reports(
    event: Event, *, session: Session, outbox: Outbox, clock: Any, policy: Policy
) -> None:
    """`intake.report.corroborated`: the case's co-reports so far."""
    move = Move(AUTO, clock.now(), policy, session, outbox)
    residents.reported(session, event.data["report_id"], event.data.get("reporter_ref"))
    signals.co_reported(event.data["report_id"], event.data["co_reports"], move)


def remember_reporter(
    event: Event, *, session: Session, outbox: Outbox, clock: Any, policy: Policy
) -> None:
    """`intake.report.submitted`: who reported the case (a keyed pseudonym, if any)."""
    residents.reported(session, event.data["report_id"], event.data.get("reporter_ref"))


def follow_task(
    event: Event, *, session: Session, outbox: Outbox, clock: Any, policy: Policy
) -> None:
    """`routing.issue.transitioned` of a task's case: the task's state, and the matter on
    once every task is done."""
    tasks.case_stepped(event.data, Move("routing", clock.now(), policy, session, outbox))


def count_red(
    event: Event, *, session: Session, outbox: Outbox, clock: Any, policy: Policy
) -> None:
    """`routing.issue.light_changed`: a clock of the case turned red (yellow: nothing)."""
    if event.data["to_light"] == "red":
        move = Move(AUTO, clock.now(), policy, session, outbox)
        signals.turned_red(event.data["issue_id"], move)
