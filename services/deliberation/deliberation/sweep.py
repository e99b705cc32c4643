"""The sweeper's pass over lapsed steps (a timer like routing's): each open matter whose step
is past its deadline and not yet warned about is warned once, or moved on when its step is left
by its deadline (steps.lapse); an evaluation left by its deadline is closed with its counts
(evaluation.close). Then the matters whose review date has come are brought back
(evaluation.bring_back). A batch a unit of work, oldest deadline first."""

from sqlalchemy import select

from deliberation import evaluation, steps
from deliberation.model import matters
from deliberation.state import COLLECTING, OPEN, load
from deliberation.steps import Move

BATCH = 100
SWEEPER = "sweeper"


def lapsed(move: Move, batch: int = BATCH) -> list[str]:
    """Matters whose step lapsed and has not been warned about, oldest deadline first."""
    query = (
        select(matters.c.id)
        .where(
            matters.c.status.in_((COLLECTING, *OPEN)),
            matters.c.step_due_at <= move.now,
            matters.c.step_warned_at.is_(None),
        )
        .order_by(matters.c.step_due_at, matters.c.id)
        .limit(batch)
    )
    return list(move.session.scalars(query))


def sweep(move: Move, batch: int = BATCH) -> int:
    """One batch: how many lapsed steps were warned about or moved on."""
    found = lapsed(move, batch)
    for matter_id in found:
        matter = load(move.session, matter_id)
        step = steps.current(matter, move.policy)
        if step.kind == "evaluate" and step.advance == "deadline" and matter.status in OPEN:
            evaluation.close(matter_id, None, move, why="deadline")
        else:
            steps.lapse(matter, move)
    return len(found)


def reviews(move: Move, batch: int = BATCH) -> int:
    """One batch of matters brought back by their review date: how many."""
    found = evaluation.review_due(move, batch)
    for matter_id in found:
        evaluation.bring_back(matter_id, move)
    return len(found)
