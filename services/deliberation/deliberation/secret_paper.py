"""Paper ballots of a secret vote (无记名纸质选票): the secretary enters each with its voter, as
the desk sees them; the database keeps them apart as it keeps an online secret ballot
(secret.py): a turnout row (the voter, on paper) and a box row (party, option, who entered it),
under a random key and with no time. It counts once a second, different staff member confirms
it by entering the same option again; the unconfirmed are listed by box key and party, never
with a voter or an option. The confirmation is logged on the chain without the box key, since
the order of entries and confirmations would pair a voter with a box row."""

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from deliberation import chain, voting
from deliberation.ballots import Ballot
from deliberation.model import ballot_box, turnout
from gongzhi.web import HttpError


def enter(session: Session, vote: voting.Vote, ballot: Ballot, by: str, at: datetime) -> str:
    """Enter `ballot` (the voter's own) for `vote`, unconfirmed; its box key. 409 for a voter
    who has a ballot in (online or on paper)."""
    took_part = (turnout.c.matter_id == vote.matter_id) & (turnout.c.voter == ballot.voter)
    if session.execute(select(turnout.c.voter).where(took_part)).first():
        raise HttpError(409, "second_ballot", f"{ballot.voter} has a ballot in already")
    session.execute(
        insert(turnout).values(
            matter_id=vote.matter_id,
            voter=ballot.voter,
            cast_by=ballot.voter,
            cast_at=at,
            paper=True,
        )
    )
    key = secrets.token_hex(32)
    session.execute(
        insert(ballot_box).values(
            id=key,
            matter_id=vote.matter_id,
            party=vote.party_of(ballot.voter),
            option=ballot.option,
            entered_by=by,
        )
    )
    data = {"voter": ballot.voter, "cast_by": ballot.voter, "paper": True}
    chain.append(session, vote.matter_id, chain.TOOK_PART, by, data, at)
    return key


def confirm(
    session: Session, vote: voting.Vote, key: str, option: str, by: str, at: datetime
) -> None:
    """Confirm the paper ballot under box key `key` by entering its option again."""
    where = (
        (ballot_box.c.id == key)
        & (ballot_box.c.matter_id == vote.matter_id)
        & ballot_box.c.entered_by.isnot(None)
    )
    row = session.execute(select(ballot_box).where(where)).first()
    if row is None:
        raise HttpError(404, "not_found", f"matter {vote.matter_id} has no paper ballot {key}")
    if row.confirmed_by is not None:
        raise HttpError(409, "confirmed", "that paper ballot is confirmed already")
    if row.entered_by == by:
        raise HttpError(409, "same_person", "a paper ballot is confirmed by someone else")
    if row.option != option:
        raise HttpError(409, "mismatch", "the option differs from the one entered: check paper")
    session.execute(update(ballot_box).where(where).values(confirmed_by=by))
    chain.append(session, vote.matter_id, "paper_ballot_confirmed", by, {}, at)


def unconfirmed(session: Session, matter_id: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(ballot_box.c.id, ballot_box.c.party, ballot_box.c.entered_by)
        .where(
            (ballot_box.c.matter_id == matter_id)
            & ballot_box.c.entered_by.isnot(None)
            & ballot_box.c.confirmed_by.is_(None)
        )
        .order_by(ballot_box.c.id)
    )
    return [dict(row._mapping) for row in rows]


def in_doubt(session: Session, vote: voting.Vote) -> set[str]:
    """The paper voters of each party with a paper ballot still unconfirmed at close: the box
    does not say which of them it is (nothing links a voter to a box row), so none of them is
    named among those who cast a counted ballot (closing.voters), as an open vote's
    unconfirmed paper ballot is no ballot."""
    box = ballot_box.c
    waiting = box.entered_by.isnot(None) & box.confirmed_by.is_(None)
    parties = set(
        session.execute(
            select(box.party).where((box.matter_id == vote.matter_id) & waiting)
        ).scalars()
    )
    if not parties:
        return set()
    party_of = {voter.person: voter.party for voter in vote.roster}
    on_paper = select(turnout.c.voter).where(
        (turnout.c.matter_id == vote.matter_id) & turnout.c.paper
    )
    return {voter for voter in session.execute(on_paper).scalars() if party_of[voter] in parties}
