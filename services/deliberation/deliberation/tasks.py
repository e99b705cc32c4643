"""A carried plan's tasks as they are carried out (dispatch.py sets them going): each routing
case made of a task reports its steps on `routing.issue.transitioned`, which this keeps as the
task's state and in the matter's chain; staff mark the council's own tasks done. Once every task
is done, the execute step has produced its tasks and the matter moves on (to evaluate)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from deliberation import chain, steps
from deliberation.dispatch import COUNCIL, DONE, OPEN
from deliberation.model import plan_tasks, plans
from deliberation.refusals import NotFound, Refused
from deliberation.state import load, utc
from deliberation.steps import Move

# A case's status as the task's state; a reopened case is `reopened` whatever its status.
STATE_OF_STATUS = {
    "assigned": "assigned",
    "accepted": "assigned",
    "in_progress": "in_progress",
    "replied": "in_progress",
    "resolved": "resolved",
    "closed": "closed",
}


@dataclass(frozen=True)
class Task:
    id: str
    matter_id: str
    owner_kind: str
    state: str | None
    state_at: datetime | None


def find(session: Session, task_id: str) -> Task | None:
    """The task of that id (a routing case's id, maybe), None for any other."""
    query = (
        select(
            plan_tasks.c.id,
            plans.c.matter_id,
            plan_tasks.c.owner_kind,
            plan_tasks.c.state,
            plan_tasks.c.state_at,
        )
        .join(plans, plans.c.id == plan_tasks.c.plan_id)
        .where(plan_tasks.c.id == task_id)
    )
    row = session.execute(query).first()
    return Task(*[utc(value) for value in row]) if row else None


def is_sent(session: Session, issue_id: str) -> bool:
    """Whether the case is a task deliberation sent to routing: one primary-key look-up, so
    that every other case's steps are passed over cheaply."""
    query = select(plan_tasks.c.id).where(
        plan_tasks.c.id == issue_id, plan_tasks.c.sent_at.is_not(None)
    )
    return session.execute(query).first() is not None


def case_stepped(transition: dict[str, Any], move: Move) -> str | None:
    """Keep a task case's step (routing's transition) as the task's state; a step older than
    the one kept is ignored. Returns the state kept, None when nothing changed."""
    task = find(move.session, transition["issue_id"])
    at = datetime.fromisoformat(transition["at"])
    if task is None or (task.state_at is not None and at < task.state_at):
        return None
    reopened = transition["action"] == "reopen"
    state = "reopened" if reopened else STATE_OF_STATUS.get(transition["status"], task.state)
    data = {"task_id": task.id, "state": state, "action": transition["action"]}
    _keep(task, state, data, move, at)
    return state


def mark_done(matter_id: str, task_id: str, move: Move) -> str:
    """Staff mark a task the council does itself done; 404 for no such task of the matter,
    409 for a task routing carries out or one done already."""
    task = find(move.session, task_id)
    if task is None or task.matter_id != matter_id:
        raise NotFound(f"no task {task_id} on matter {matter_id}")
    if task.owner_kind != COUNCIL or task.state != OPEN:
        raise Refused(f"task {task_id} is {task.state or 'not under way'}: not the council's to do")
    _keep(task, DONE, {"task_id": task.id, "state": DONE}, move, move.now)
    return DONE


def _keep(task: Task, state: str | None, data: dict[str, Any], move: Move, at: datetime) -> None:
    """The task's state as of `at`, in the chain; the matter on if its tasks are all done."""
    statement = update(plan_tasks).where(plan_tasks.c.id == task.id)
    move.session.execute(statement.values(state=state, state_at=at))
    chain.append(move.session, task.matter_id, "task_" + str(state), move.actor, data, move.now)
    steps.move_on_if_done(load(move.session, task.matter_id), move)
