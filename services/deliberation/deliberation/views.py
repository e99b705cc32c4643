"""Reads behind the GET routes and the metrics: a matter with what it has gathered, matters by
community and status, a council member's work (what waits on them, what is overdue), and the
counts by step and community."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from deliberation import evaluation, owed, voting
from deliberation.model import (
    attendees,
    co_signers,
    matter_cases,
    matters,
    meeting_matters,
    meetings,
    minutes,
    plan_tasks,
    plans,
    reviews,
)
from deliberation.policy import Policy
from deliberation.state import COLLECTING, FIELDS, OPEN, STATUS_OF_KIND, load, utc

LIVE = (COLLECTING, *OPEN)
VOTING = STATUS_OF_KIND["resolve"]


def matter(session: Session, matter_id: str, now: datetime) -> dict[str, Any]:
    """The matter, its cases, co-signers, meetings, minutes, plan and reviews; NotFound."""
    found = _summary(vars(load(session, matter_id)), now)
    cases = select(matter_cases.c.issue_id).where(matter_cases.c.matter_id == matter_id)
    found["issue_ids"] = list(session.scalars(cases.order_by(matter_cases.c.issue_id)))
    found["co_signers"] = session.scalar(
        select(func.count()).select_from(co_signers).where(co_signers.c.matter_id == matter_id)
    )
    found["meetings"] = _meetings(session, matter_id)
    found["minutes"] = _rows(session, minutes, minutes.c.matter_id == matter_id)
    found["plan"] = _plan(session, matter_id)
    found["reviews"] = _rows(session, reviews, reviews.c.matter_id == matter_id)
    found["evaluation"] = evaluation.outcome(session, matter_id)
    return found


def listed(
    session: Session, community: str | None, status: str | None, now: datetime
) -> list[dict[str, Any]]:
    query = select(*[matters.c[name] for name in FIELDS])
    if community:
        query = query.where(matters.c.community == community)
    if status:
        query = query.where(matters.c.status == status)
    rows = session.execute(query.order_by(matters.c.created_at.desc(), matters.c.id).limit(500))
    return [_summary(row, now) for row in rows.mappings()]


def work(session: Session, person: str, policy: Policy, now: datetime) -> list[dict[str, Any]]:
    """The live matters of the communities `person` sits in whose step they act on, the
    overdue first. At a vote, what waits on them is their ballot: a matter whose vote is open
    is theirs while they owe one, their own or a voter's whose proxy they hold (`votes_for`),
    by the roster as it stood when the vote opened."""
    communities = {role.community for role in policy.bodies.roles_of(person)}
    query = select(*[matters.c[name] for name in FIELDS]).where(
        matters.c.community.in_(communities), matters.c.status.in_(LIVE)
    )
    waiting = []
    for row in session.execute(query.order_by(matters.c.step_due_at, matters.c.id)).mappings():
        if row["status"] == VOTING and voting.is_open_on(session, row["id"]):
            votes_for = owed.ballots_owed(session, row["id"], person)
            acts = bool(votes_for)
        else:
            step = policy.deliberation.processes[row["process"]].step(row["step"])
            votes_for, acts = [], person in policy.people_of(row["community"], step.by)
        if acts:
            waiting.append({**_summary(row, now), "votes_for": votes_for})
    return sorted(waiting, key=lambda item: not item["overdue"])


Counts = tuple[list[tuple[str, str, str, int]], list[tuple[str, int, int]]]


def counts(session: Session, now: datetime, policy: Policy) -> Counts:
    """Matters by community, step and status; live matters overdue by community, with the
    most working days one of them is past its step's deadline, e.g. `("620502001001", 3, 2)`:
    three overdue, the longest by two working days."""
    by_step = session.execute(
        select(matters.c.community, matters.c.step, matters.c.status, func.count()).group_by(
            matters.c.community, matters.c.step, matters.c.status
        )
    )
    overdue = session.execute(
        select(matters.c.community, func.count(), func.min(matters.c.step_due_at))
        .where(matters.c.status.in_(LIVE), matters.c.step_due_at <= now)
        .group_by(matters.c.community)
    )
    return [(c, st, s, n) for c, st, s, n in by_step], [
        (c, n, policy.working_days_past(utc(due), now)) for c, n, due in overdue
    ]


def tasks_by_state(session: Session) -> list[tuple[str, int]]:
    """Tasks of carried plans by state (a plan not carried has none)."""
    query = (
        select(plan_tasks.c.state, func.count())
        .where(plan_tasks.c.state.is_not(None))
        .group_by(plan_tasks.c.state)
    )
    return [(state, count) for state, count in session.execute(query)]


def _summary(row: Any, now: datetime) -> dict[str, Any]:
    found = {name: utc(row[name]) for name in FIELDS}
    due = found["step_due_at"]
    found["overdue"] = found["status"] in LIVE and due is not None and due <= now
    return found


def _rows(session: Session, table: Any, where: Any) -> list[dict[str, Any]]:
    rows = session.execute(select(table).where(where).order_by(table.c.id)).mappings()
    return [{key: utc(value) for key, value in row.items()} for row in rows]


def _meetings(session: Session, matter_id: str) -> list[dict[str, Any]]:
    query = (
        select(meetings)
        .join(meeting_matters, meeting_matters.c.meeting_id == meetings.c.id)
        .where(meeting_matters.c.matter_id == matter_id)
        .order_by(meetings.c.starts_at, meetings.c.id)
    )
    found = []
    for row in session.execute(query).mappings():
        meeting = {key: utc(value) for key, value in row.items()}
        meeting["attendees"] = _rows_by(session, attendees, attendees.c.meeting_id == row["id"])
        found.append(meeting)
    return found


def _rows_by(session: Session, table: Any, where: Any) -> list[dict[str, Any]]:
    rows = session.execute(select(table).where(where).order_by(*table.primary_key.columns))
    return [{key: utc(value) for key, value in row.items()} for row in rows.mappings()]


def _plan(session: Session, matter_id: str) -> dict[str, Any] | None:
    """The newest plan, with its tasks."""
    newest = _rows(session, plans, plans.c.matter_id == matter_id)
    if not newest:
        return None
    plan = newest[-1]
    plan["tasks"] = _rows_by(session, plan_tasks, plan_tasks.c.plan_id == plan["id"])
    return plan
