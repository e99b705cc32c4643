"""The sweeper's pass over lapsed steps (a timer like routing's): each open matter whose step
is past its deadline and not yet warned about is warned once, or moved on when its step is left
by its deadline (steps.lapse). A batch a unit of work, oldest deadline first."""

from sqlalchemy import select

from deliberation import steps
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
        steps.lapse(load(move.session, matter_id), move)
    return len(found)
