"""The ballots a member still owes an open vote, for their work view (views.work): their own,
if they are on the roster as it stood when the vote opened and appointed no holder, and each
voter's who appointed them; none of those yet in, online, in a secret vote's turnout, or on
paper. Who voted is read, never how."""

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from deliberation.model import open_ballots, paper_ballots, turnout, vote_proxies, vote_roster


def ballots_owed(session: Session, matter_id: str, person: str) -> list[str]:
    """The voters `person` still casts for in `matter_id`'s vote, e.g. `["p-1101", "p-1102"]`
    for a member holding p-1102's proxy; [] once each has a ballot in."""
    on_roster = select(vote_roster.c.person).where(
        vote_roster.c.matter_id == matter_id, vote_roster.c.person == person
    )
    appointed = select(vote_proxies.c.voter, vote_proxies.c.holder).where(
        vote_proxies.c.matter_id == matter_id
    )
    holders = {row.voter: row.holder for row in session.execute(appointed)}
    mine = [person] if session.scalar(on_roster) and person not in holders else []
    voters = mine + sorted(voter for voter, holder in holders.items() if holder == person)
    return [voter for voter in voters if voter not in _in(session, matter_id)]


def _in(session: Session, matter_id: str) -> set[str]:
    """The voters with a ballot in, however it was cast."""
    cast = union(
        select(open_ballots.c.voter).where(open_ballots.c.matter_id == matter_id),
        select(turnout.c.voter).where(turnout.c.matter_id == matter_id),
        select(paper_ballots.c.voter).where(paper_ballots.c.matter_id == matter_id),
    )
    return set(session.scalars(select(cast.subquery().c.voter)))
