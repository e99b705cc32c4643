"""A matter voted on again: a vote not carried sends the matter back (its process's `back_to`),
and when it comes to its resolve step again a new vote opens. The closed vote is set aside
whole under `<matter_id>/<n>` (its rules, roster, proxies, ballots and result), so the matter's
routes and the board read its latest vote, and the chain keeps both rounds in order."""

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from deliberation.model import (
    ballot_box,
    open_ballots,
    paper_ballots,
    turnout,
    vote_proxies,
    vote_roster,
    votes,
)
from gongzhi.web import HttpError

TABLES = (votes, vote_roster, vote_proxies, open_ballots, turnout, ballot_box, paper_ballots)


def set_aside(session: Session, matter_id: str) -> str | None:
    """Move `matter_id`'s closed vote to its round's id and say which; None if it has none.
    409 while it is open: one vote at a time."""
    found = select(votes.c.closed_at).where(votes.c.matter_id == matter_id)
    row = session.execute(found).first()
    if row is None:
        return None
    if row.closed_at is None:
        raise HttpError(409, "vote_exists", f"matter {matter_id} has an open vote")
    earlier = votes.c.matter_id.startswith(f"{matter_id}/", autoescape=True)
    rounds = session.execute(select(func.count()).where(earlier)).scalar_one()
    kept = f"{matter_id}/{rounds + 1}"
    for table in TABLES:
        where = table.c.matter_id == matter_id
        session.execute(update(table).where(where).values(matter_id=kept))
    return kept
