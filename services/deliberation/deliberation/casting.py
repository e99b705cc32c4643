"""Ballots cast through the API: a member votes for themselves, or as proxy holder for the
voter who appointed them. In an open vote the ballot is kept whole (open_ballots); in a secret
one who voted and how are kept apart (secret.py). A second ballot by the same caster for the
same voter replaces the first if the process lets votes change (`change_vote`), else 409."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from deliberation import chain, secret, voting
from deliberation.ballots import Ballot, ballot_refusal
from deliberation.model import open_ballots, paper_ballots
from gongzhi.web import HttpError


@dataclass(frozen=True)
class Cast:
    """What a caller sends: `option` for `voter` (themselves unless they hold `voter`'s
    proxy), and in a secret vote the `receipt` of the ballot it replaces."""

    voter: str
    cast_by: str
    option: str
    receipt: str | None = None


@dataclass(frozen=True)
class Taken:
    voter: str
    cast_by: str
    replaced: bool
    receipt: str | None  # a secret ballot's, shown this once: it alone can replace the ballot


def cast(session: Session, matter_id: str, given: Cast, at: datetime) -> Taken:
    """Take the ballot, or refuse it: 403 the caller (or the voter) not on the roster or not
    the voter's holder, 400 an unknown option, 409 once the vote closed or a second ballot
    where ballots may not change."""
    vote = voting.open_for_writing(session, matter_id)
    ballot = Ballot(given.voter, given.option, given.cast_by)
    voting.refuse(ballot_refusal(ballot, vote.roster, voting.proxies_of(session, matter_id)))
    if vote.rules.secret:
        replaced, receipt = secret.cast(session, vote, ballot, given.receipt, at)
        return Taken(ballot.voter, ballot.cast_by, replaced, receipt)
    replaced = _keep_open_ballot(session, vote, ballot, at)
    data = {"voter": ballot.voter, "cast_by": ballot.cast_by, "option": ballot.option}
    kind = "ballot_changed" if replaced else "ballot"
    chain.append(session, matter_id, kind, given.cast_by, data, at)
    return Taken(ballot.voter, ballot.cast_by, replaced, None)


def _keep_open_ballot(session: Session, vote: voting.Vote, ballot: Ballot, at: datetime) -> bool:
    """Write the ballot; True if it replaced the caster's earlier one for the voter."""
    key = (
        (open_ballots.c.matter_id == vote.matter_id)
        & (open_ballots.c.voter == ballot.voter)
        & (open_ballots.c.cast_by == ballot.cast_by)
    )
    if session.execute(select(open_ballots.c.option).where(key)).first() is None:
        if not ballot.by_proxy:
            refuse_if_on_paper(session, vote.matter_id, ballot.voter)
        row = {"matter_id": vote.matter_id, "voter": ballot.voter, "cast_by": ballot.cast_by}
        session.execute(insert(open_ballots).values(**row, option=ballot.option, cast_at=at))
        return False
    voting.refuse_change(vote)
    session.execute(update(open_ballots).where(key).values(option=ballot.option, cast_at=at))
    return True


def refuse_if_on_paper(session: Session, matter_id: str, voter: str) -> None:
    """One own ballot a voter: on paper or through the API, not both."""
    entered = select(paper_ballots.c.id).where(
        (paper_ballots.c.matter_id == matter_id) & (paper_ballots.c.voter == voter)
    )
    if session.execute(entered).first():
        raise HttpError(409, "second_ballot", f"{voter}'s ballot was entered on paper")
