"""A carried plan's tasks set going (联动办事): as the matter enters its execute step, each task
that belongs to a department or a unit goes to routing as `deliberation.task.assigned` (routing
opens a case with the task's id) and is `assigned`; a task the council does itself (owner kind
`council`) is `open` until staff mark it done. Both in the caller's unit of work; the step is
done once every task is (`all_done`).

Task states: open, done (the council's own); assigned, in_progress, resolved, closed,
reopened (a routing case's, as its steps come back, tasks.py)."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from deliberation import chain, events
from deliberation.model import plan_tasks, plans
from deliberation.state import Matter, utc
from gongzhi.outbox import Outbox

COUNCIL = "council"  # an owner kind: the council does the task itself
OPEN, DONE, ASSIGNED = "open", "done", "assigned"
FINISHED = (DONE, "resolved", "closed")
STATES = (OPEN, DONE, ASSIGNED, "in_progress", "resolved", "closed", "reopened")


def newest_plan(session: Session, matter_id: str) -> int | None:
    newest = select(func.max(plans.c.id)).where(plans.c.matter_id == matter_id)
    return session.scalar(newest)


def dispatch(
    session: Session, outbox: Outbox, matter: Matter, actor: str, now: datetime
) -> list[dict[str, Any]]:
    """Set the newest plan's tasks going, once (a task already under way is left as it is)."""
    plan_id = newest_plan(session, matter.id)
    query = select(plan_tasks).where(plan_tasks.c.plan_id == plan_id, plan_tasks.c.state.is_(None))
    tasks = [dict(row) for row in session.execute(query.order_by(plan_tasks.c.id)).mappings()]
    for task in tasks:
        to_routing = task["owner_kind"] != COUNCIL
        state = ASSIGNED if to_routing else OPEN
        values = {"state": state, "state_at": now, "sent_at": now if to_routing else None}
        session.execute(update(plan_tasks).where(plan_tasks.c.id == task["id"]).values(**values))
        if to_routing:
            outbox.add(events.TASK_ASSIGNED, assigned(matter, task, now), subject=task["id"])
        data = {"task_id": task["id"], "state": state, "owner": _owner(task)}
        chain.append(session, matter.id, "task_" + state, actor, data, now)
    return tasks


def assigned(matter: Matter, task: dict[str, Any], now: datetime) -> dict[str, Any]:
    """`deliberation.task.assigned` as routing's councils.open_task reads it."""
    return {
        "task_id": task["id"],
        "matter_id": matter.id,
        "community": matter.community,
        "title": task["title"],
        "category": task["category"],
        "tier": task["tier"],
        "owner": _owner(task),
        "due_at": utc(task["due_at"]),
        "assigned_at": now,
    }


def all_done(session: Session, matter_id: str) -> bool:
    """Whether every task of the matter's newest plan is finished (resolved, closed, done);
    a matter without a plan has nothing to carry out."""
    plan_id = newest_plan(session, matter_id)
    unfinished = select(func.count()).where(
        plan_tasks.c.plan_id == plan_id,
        plan_tasks.c.state.is_(None) | plan_tasks.c.state.not_in(FINISHED),
    )
    return plan_id is None or session.scalar(unfinished) == 0


def _owner(task: dict[str, Any]) -> dict[str, str]:
    return {"kind": task["owner_kind"], "id": task["owner_id"]}
