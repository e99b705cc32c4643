"""What came of each decision on a page of the board (两公开): its plan carried out so far
(the newest plan's tasks finished of all) and, once evaluated, the ratings per verdict. Two
queries for a whole page, never one per matter, so a page costs what it did at any size."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from deliberation import public
from deliberation.dispatch import FINISHED
from deliberation.model import evaluations, plan_tasks, plans
from deliberation.state import utc


def of_page(session: Session, matter_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """By matter id: `execution` ({"done": 2, "all": 3}, None without a plan or tasks) and
    `evaluation` (public.outcome's, None before one closed), e.g.
    {"m-1": {"execution": {"done": 2, "all": 3}, "evaluation": None}}."""
    done = executions(session, matter_ids)
    rated = outcomes(session, matter_ids)
    return {
        matter_id: {"execution": done.get(matter_id), "evaluation": rated.get(matter_id)}
        for matter_id in matter_ids
    }


def executions(session: Session, matter_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """Each matter's newest plan's tasks: how many finished (done, resolved, closed) of all."""
    newest = (
        select(plans.c.matter_id, func.max(plans.c.id).label("plan_id"))
        .where(plans.c.matter_id.in_(matter_ids))
        .group_by(plans.c.matter_id)
        .subquery()
    )
    finished = func.sum(case((plan_tasks.c.state.in_(FINISHED), 1), else_=0))
    query = (
        select(newest.c.matter_id, func.count().label("all"), finished.label("done"))
        .join(plan_tasks, plan_tasks.c.plan_id == newest.c.plan_id)
        .group_by(newest.c.matter_id)
    )
    rows = session.execute(query).mappings()
    return {row["matter_id"]: {"done": int(row["done"]), "all": row["all"]} for row in rows}


def outcomes(session: Session, matter_ids: Sequence[str]) -> dict[str, dict[str, Any] | None]:
    """Each evaluated matter's newest evaluation, as the public sees it."""
    newest = (
        select(evaluations.c.matter_id, func.max(evaluations.c.step_seq).label("seq"))
        .where(evaluations.c.matter_id.in_(matter_ids))
        .group_by(evaluations.c.matter_id)
        .subquery()
    )
    query = select(
        evaluations.c.matter_id,
        evaluations.c.counts,
        evaluations.c.review_on,
        evaluations.c.closed_at,
    ).join(
        newest,
        (newest.c.matter_id == evaluations.c.matter_id) & (newest.c.seq == evaluations.c.step_seq),
    )
    rows = session.execute(query).mappings()
    return {
        row["matter_id"]: public.outcome({**row, "closed_at": utc(row["closed_at"])})
        for row in rows
    }
