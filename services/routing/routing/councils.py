"""What routing takes from deliberation's councils (1+4+N 议事).

A matter's decision is the answer of every case promoted into it: the residents who reported
them hear what the council decided, and a case still waiting for its reply is replied to by it.
A task of a carried plan that belongs to a department or a unit becomes a case of that owner,
with the task's id and the matter's, so its steps go back to deliberation on
`routing.issue.transitioned` like any case's."""

from datetime import UTC, datetime

import structlog
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from gongzhi.retry import Rejected
from routing import assign, cases, handlers, lifecycle, timekeeping
from routing.model import issues

log = structlog.get_logger(__name__)


def answer_with_decision(
    event: Event, *, session: Session, outbox: Outbox, clock: object, policy: handlers.Policy
) -> None:
    """Give each linked case the decision as its answer, and link it to the matter. A case
    routing does not hold (another district's, or not yet routed) is named in the log."""
    decided = event.data
    request = {
        "action": "decide",
        "actor": lifecycle.SYSTEM,
        "reason": f"decision of matter {decided['matter_id']}",
        "answer": decided["answer"],
    }
    now = clock.now()  # type: ignore[attr-defined]
    for issue_id in decided["issue_ids"]:
        row = cases.load(session, issue_id)
        if row is None:
            log.warning("decision_for_unknown_case", issue_id=issue_id, matter=decided["matter_id"])
            continue
        link = update(issues).where(issues.c.id == issue_id).values(matter_id=decided["matter_id"])
        session.execute(link)
        handlers.apply_request(session, outbox, policy, row, request, now)


def open_task(
    event: Event, *, session: Session, outbox: Outbox, clock: object, policy: handlers.Policy
) -> None:
    """A case for the task's owner, assigned at once: its clocks are the category's, like any
    case's; the plan's own deadline travels with the task in deliberation."""
    task = event.data
    if cases.load(session, task["task_id"]) is not None:
        return  # the same task announced again: it has its case
    district = policy.district
    owner = lifecycle.Owner(task["owner"]["kind"], task["owner"]["id"])
    category_code = task["category"]
    _refuse(category_code not in district.categories and f"unknown category {category_code!r}")
    _refuse(task["tier"] not in lifecycle.LADDER and f"unknown tier {task['tier']!r}")
    _refuse(assign.unknown_owner(district, owner))
    now = clock.now()  # type: ignore[attr-defined]
    started = datetime.fromisoformat(task["assigned_at"]).astimezone(UTC)
    category = district.category(category_code)
    case = lifecycle.Case("assigned", task["tier"], owner, category_class=category.category_class)
    session.execute(
        insert(issues).values(
            id=task["task_id"],
            category=category.code,
            community_code=task["community"],
            reported_at=started,
            assigned_at=now,
            matter_id=task["matter_id"],
            origin="deliberation",
            **cases.case_values(case),
        )
    )
    class_ = category.category_class
    timekeeping.start(session, district, policy.calendar, task["task_id"], class_, started)
    action = lifecycle.Action("assign", now, lifecycle.SYSTEM, reason=f"task: {task['title']}")
    handlers.record(session, outbox, policy, task["task_id"], None, case, action, None)


def _refuse(why: str | bool | None) -> None:
    """Dead-letter the task with the reason, if there is one: it can never be routed."""
    if why:
        raise Rejected(f"task refused: {why}")
