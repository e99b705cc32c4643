"""Paper ballots (纸质选票): the secretary enters each with a staff key, and it counts only once a
second, different staff member confirmed it by entering the same option again from the paper
(double entry: neither sees what the other typed). The unconfirmed are listed without their
options, since a list of options would be a partial tally. An open vote's are kept here; a
secret vote's apart from their voters (secret_paper.py), their ids the box keys."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from deliberation import chain, secret_paper, voting
from deliberation.ballots import Ballot, ballot_refusal
from deliberation.model import open_ballots, paper_ballots
from gongzhi.web import HttpError


@dataclass(frozen=True)
class Paper:
    voter: str
    option: str
    entered_by: str


def enter(session: Session, matter_id: str, given: Paper, at: datetime) -> str:
    """Enter a voter's own paper ballot, unconfirmed; its id. 403 a voter not on the roster,
    400 an unknown option, 409 a closed vote or a voter with a ballot in."""
    vote = voting.open_for_writing(session, matter_id)
    ballot = Ballot(given.voter, given.option, given.voter)
    voting.refuse(ballot_refusal(ballot, vote.roster, []))
    if vote.rules.secret:
        return secret_paper.enter(session, vote, ballot, given.entered_by, at)
    own = select(open_ballots.c.voter).where(
        (open_ballots.c.matter_id == matter_id)
        & (open_ballots.c.voter == given.voter)
        & (open_ballots.c.cast_by == given.voter)
    )
    entered = select(paper_ballots.c.id).where(
        (paper_ballots.c.matter_id == matter_id) & (paper_ballots.c.voter == given.voter)
    )
    if session.execute(own).first() or session.execute(entered).first():
        raise HttpError(409, "second_ballot", f"{given.voter} has a ballot in already")
    number = session.execute(
        insert(paper_ballots)
        .values(
            matter_id=matter_id,
            voter=given.voter,
            option=given.option,
            entered_by=given.entered_by,
            entered_at=at,
        )
        .returning(paper_ballots.c.id)
    ).scalar_one()
    data = {"paper": number, "voter": given.voter, "option": given.option}
    chain.append(session, matter_id, "paper_ballot_entered", given.entered_by, data, at)
    return str(number)


def confirm(session: Session, matter_id: str, bid: str, option: str, by: str, at: datetime) -> None:
    """Confirm paper ballot `bid` by entering its option again: 409 by the one who entered
    it, a different option, one confirmed already, or once the vote closed; 404 unknown."""
    vote = voting.open_for_writing(session, matter_id)
    if vote.rules.secret:
        secret_paper.confirm(session, vote, bid, option, by, at)
        return
    number = _number(bid)
    row = session.execute(
        select(paper_ballots).where(
            (paper_ballots.c.matter_id == matter_id) & (paper_ballots.c.id == number)
        )
    ).first()
    if row is None:
        raise HttpError(404, "not_found", f"matter {matter_id} has no paper ballot {number}")
    if row.confirmed_by is not None:
        raise HttpError(409, "confirmed", f"paper ballot {number} is confirmed already")
    if row.entered_by == by:
        raise HttpError(409, "same_person", "a paper ballot is confirmed by someone else")
    if row.option != option:
        raise HttpError(409, "mismatch", "the option differs from the one entered: check paper")
    session.execute(
        update(paper_ballots)
        .where(paper_ballots.c.id == number)
        .values(confirmed_by=by, confirmed_at=at)
    )
    chain.append(session, matter_id, "paper_ballot_confirmed", by, {"paper": number}, at)


def _number(bid: str) -> int:
    """An open vote's paper ballot id from the path: a 404 for anything no row can have."""
    if not bid.isdigit() or len(bid) > 18:
        raise HttpError(404, "not_found", f"no paper ballot {bid}")
    return int(bid)


def unconfirmed(session: Session, matter_id: str) -> list[dict[str, Any]]:
    """The paper ballots still waiting for a second person, without options: an open vote's
    oldest first with their voters, a secret vote's by box key with their parties."""
    if voting.load(session, matter_id).rules.secret:
        return secret_paper.unconfirmed(session, matter_id)
    rows = session.execute(
        select(
            paper_ballots.c.id,
            paper_ballots.c.voter,
            paper_ballots.c.entered_by,
            paper_ballots.c.entered_at,
        )
        .where((paper_ballots.c.matter_id == matter_id) & paper_ballots.c.confirmed_by.is_(None))
        .order_by(paper_ballots.c.id)
    )
    return [{**row._mapping, "id": str(row.id)} for row in rows]


def confirmed(session: Session, matter_id: str) -> list[Ballot]:
    rows = session.execute(
        select(paper_ballots.c.voter, paper_ballots.c.option).where(
            (paper_ballots.c.matter_id == matter_id) & paper_ballots.c.confirmed_by.isnot(None)
        )
    )
    return [Ballot(row.voter, row.option, row.voter) for row in rows]
