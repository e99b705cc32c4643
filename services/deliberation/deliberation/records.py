"""What a matter's steps produce and the people record: a meeting's minutes with each party's
opinion, the written plan with divided duties (tasks, owners, deadlines), and the party
committee's review (its checklist from config; approved, or sent back with reasons). Each is
refused at a step that does not produce it, goes into the chain, and may move the matter on."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select

from deliberation import chain, filings, steps
from deliberation.model import (
    attendees,
    meeting_matters,
    meetings,
    minutes,
    plan_tasks,
    plans,
    reviews,
)
from deliberation.refusals import Invalid, NotFound, Refused
from deliberation.state import OPEN, Matter, load
from deliberation.steps import Move
from gongzhi.district import known_owners
from gongzhi.district.model import TIERS

# Who may own a task: the council itself (dispatch.COUNCIL), or what routing can own a case
# as: a department, a unit of the grid tree, the district, a role on a grid's roster.
OWNER_KINDS = ("council", "department", "community", "street", "district")


@dataclass(frozen=True)
class Task:
    title: str
    owner_kind: str
    owner_id: str
    category: str
    tier: str
    due_at: datetime | None = None


@dataclass(frozen=True)
class Review:
    answers: dict[str, bool]
    approved: bool
    reasons: str = ""


def _at_step_producing(matter_id: str, output: str, move: Move) -> Matter:
    matter = load(move.session, matter_id)
    step = steps.current(matter, move.policy)
    if matter.status not in OPEN or output not in step.produces:
        raise Refused(f"matter {matter_id} is at {step.id} ({matter.status}): it takes no {output}")
    return matter


def record_minutes(
    matter_id: str, meeting_id: int, summary: str, opinions: dict[str, str], move: Move
) -> Matter:
    """A held meeting's minutes on the matter, each party's opinion keyed by its party."""
    matter = _at_step_producing(matter_id, "minutes", move)
    _held_on(matter_id, meeting_id, move)
    invited = select(attendees.c.party).where(attendees.c.meeting_id == meeting_id)
    parties = set(move.policy.bodies.council(matter.community)) | set(
        move.policy.deliberation.groups
    )
    unknown = sorted(set(opinions) - parties - set(move.session.scalars(invited)))
    if unknown:
        raise Invalid(f"no such party on the council or at the meeting: {', '.join(unknown)}")
    row = {
        "meeting_id": meeting_id,
        "matter_id": matter_id,
        "step_seq": matter.step_seq,
        "summary": summary,
        "opinions": opinions,
        "recorded_by": move.actor,
        "recorded_at": move.now,
    }
    move.session.execute(insert(minutes).values(**row))
    data = {"meeting_id": meeting_id, "summary": summary, "opinions": opinions}
    chain.append(move.session, matter_id, "minutes", move.actor, data, move.now)
    return steps.move_on_if_done(matter, move)


def _held_on(matter_id: str, meeting_id: int, move: Move) -> None:
    query = (
        select(meetings.c.status)
        .join(meeting_matters, meeting_matters.c.meeting_id == meetings.c.id)
        .where(meetings.c.id == meeting_id, meeting_matters.c.matter_id == matter_id)
    )
    status = move.session.scalar(query)
    if status is None:
        raise NotFound(f"no meeting {meeting_id} on matter {matter_id}")
    if status != "held":
        raise Refused(f"meeting {meeting_id} is {status}: record who came first")


def record_plan(matter_id: str, summary: str, tasks: list[Task], move: Move) -> Matter:
    """The written plan and its tasks; a later plan at another step replaces it."""
    matter = _at_step_producing(matter_id, "plan", move)
    for task in tasks:
        _check_task(task, move)
    row = {
        "matter_id": matter_id,
        "step_seq": matter.step_seq,
        "summary": summary,
        "written_by": move.actor,
        "written_at": move.now,
    }
    plan_id = move.session.scalars(insert(plans).values(**row).returning(plans.c.id)).one()
    rows = [{"id": str(uuid.uuid4()), "plan_id": plan_id, **vars(task)} for task in tasks]
    if rows:
        move.session.execute(insert(plan_tasks), rows)
    listed = [{**row, "due_at": row["due_at"] and row["due_at"].isoformat()} for row in rows]
    data = {"plan_id": plan_id, "summary": summary, "tasks": listed}
    chain.append(move.session, matter_id, "plan", move.actor, data, move.now)
    return steps.move_on_if_done(matter, move)


def _check_task(task: Task, move: Move) -> None:
    roles = {member.role for grid in move.policy.district.grids for member in grid.roster}
    if task.owner_kind not in OWNER_KINDS and task.owner_kind not in roles:
        kinds = ", ".join([*OWNER_KINDS, *sorted(roles)])
        raise Invalid(f"task {task.title!r}: no owner kind {task.owner_kind}; one of {kinds}")
    unknown = _unknown_owner(task, move)
    if unknown:
        raise Invalid(f"task {task.title!r}: {unknown}")
    if task.category not in move.policy.district.categories:
        raise Invalid(f"task {task.title!r}: no category {task.category} in the district")
    if task.tier not in TIERS:
        raise Invalid(f"task {task.title!r}: no tier {task.tier}; one of {', '.join(TIERS)}")


def _unknown_owner(task: Task, move: Move) -> str | None:
    """Routing's check of a case's owner (the core's), so a task it would dead-letter is
    refused here: e.g. "no department 'nosuch' in this district". The council is ours."""
    owners = known_owners.routing_owners(move.policy.district)
    if task.owner_kind == "council" or owners is None:
        return None
    return known_owners.unknown_owner(move.policy.district, task.owner_kind, task.owner_id, *owners)


def record_review(matter_id: str, review: Review, move: Move) -> Matter:
    """The party committee's review: every checklist item answered; approved only with each
    one checked, sent back only with reasons."""
    matter = load(move.session, matter_id)
    step = steps.current(matter, move.policy)
    if matter.status not in OPEN or step.kind != "review":
        raise Refused(f"matter {matter_id} is not in review: it is {matter.status}")
    _check_review(review, move)
    row = {
        "matter_id": matter_id,
        "step_seq": matter.step_seq,
        "answers": review.answers,
        "approved": review.approved,
        "reasons": review.reasons,
        "reviewed_by": move.actor,
        "reviewed_at": move.now,
    }
    move.session.execute(insert(reviews).values(**row))
    data = {"answers": review.answers, "approved": review.approved, "reasons": review.reasons}
    chain.append(move.session, matter_id, "reviewed", move.actor, data, move.now)
    if review.approved:
        filings.file_if_due(matter, review.answers, move)
    return steps.reviewed(matter, review.approved, move)


def _check_review(review: Review, move: Move) -> None:
    codes = [item.code for item in move.policy.deliberation.review_checklist]
    missing = [code for code in codes if code not in review.answers]
    unknown = sorted(set(review.answers) - set(codes))
    if missing or unknown:
        said = [f"unanswered: {', '.join(missing)}"] * bool(missing)
        said += [f"not on the checklist: {', '.join(unknown)}"] * bool(unknown)
        raise Invalid("; ".join(said))
    unchecked = [code for code in codes if not review.answers[code]]
    if review.approved and unchecked:
        raise Invalid(f"approved with items unchecked: {', '.join(unchecked)}")
    if not review.approved and not review.reasons.strip():
        raise Invalid("a review that sends the plan back says why")


def task_of(given: dict[str, Any]) -> Task:
    """A task as the HTTP API takes it (schemas.TaskIn)."""
    due_at = given["due_at"]
    owner = given["owner"]
    return Task(
        given["title"],
        owner["kind"],
        owner["id"],
        given["category"],
        given["tier"],
        due_at.astimezone(UTC) if due_at else None,
    )


def reviewers(matter_id: str, move: Move) -> list[str]:
    """Who reviews the matter: those who act on its review step; Refused when not in review."""
    matter = load(move.session, matter_id)
    step = steps.current(matter, move.policy)
    if matter.status not in OPEN or step.kind != "review":
        raise Refused(f"matter {matter_id} is not in review: it is {matter.status}")
    return move.policy.people_of(matter.community, step.by)
