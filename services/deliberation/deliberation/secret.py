"""Secret ballots: who voted is kept apart from how.

- `turnout` holds who took part: the voter, who cast it (themselves or their proxy holder),
  when. It never holds an option.
- `ballot_box` holds how: the voter's party (the tally is per party) and the option, under a
  key that is the SHA-256 of a random receipt handed to the caster once. It holds no voter, no
  time and no running number.
- The chain logs a TOOK_PART entry (who, never how); at close one SEALED entry with each
  party's options sorted (chain.py).

A changed ballot must replace the right row without the database pairing voter and option, so
the caster keeps the link: the receipt. We chose it over an HMAC of (vote, voter) under a
service secret because whoever holds that secret and a copy of the database can compute every
voter's key and read how each voted, for ever; with receipts only the voter (or their holder)
can, and only for their own ballot. The price: a lost receipt means the ballot cannot be
changed, and a receipt lets a voter show how they voted while the vote is open.

For one voter one ballot stands in the box: a holder may not vote for a voter who voted
themselves, and a voter whose holder voted for them replaces that ballot only with its receipt.

Row order: the box's key is random, and on SQLite the table is WITHOUT ROWID, so its rows lie
in key order, not in the order they came. PostgreSQL keeps a heap in insertion order, and
`turnout` has times: at close the box is rewritten in key order (CLUSTER), which also drops the
dead versions a changed ballot left. What this cannot hide: the write-ahead log and any backup
taken while the vote was open.
"""

import hashlib
import secrets
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from deliberation import chain, voting
from deliberation.ballots import Ballot
from deliberation.model import ballot_box, turnout
from gongzhi.web import HttpError


def cast(
    session: Session, vote: voting.Vote, ballot: Ballot, receipt: str | None, at: datetime
) -> tuple[bool, str | None]:
    """Keep `ballot` apart from its voter: (False, a new receipt), or (True, None) when the
    receipt given replaced the voter's ballot."""
    took_part = session.execute(
        select(turnout.c.cast_by, turnout.c.paper).where(
            (turnout.c.matter_id == vote.matter_id) & (turnout.c.voter == ballot.voter)
        )
    ).first()
    if took_part is None:
        return False, _first(session, vote, ballot, at)
    if took_part.paper:
        raise HttpError(409, "second_ballot", f"{ballot.voter}'s ballot was entered on paper")
    _replace(session, vote, ballot, receipt, took_part.cast_by)
    data = {"voter": ballot.voter, "cast_by": ballot.cast_by, "changed": True}
    chain.append(session, vote.matter_id, chain.TOOK_PART, ballot.cast_by, data, at)
    return True, None


def _first(session: Session, vote: voting.Vote, ballot: Ballot, at: datetime) -> str:
    receipt = secrets.token_urlsafe(32)
    session.execute(
        insert(turnout).values(
            matter_id=vote.matter_id, voter=ballot.voter, cast_by=ballot.cast_by, cast_at=at
        )
    )
    party = vote.party_of(ballot.voter)
    session.execute(
        insert(ballot_box).values(
            id=_key(receipt), matter_id=vote.matter_id, party=party, option=ballot.option
        )
    )
    data = {"voter": ballot.voter, "cast_by": ballot.cast_by}
    chain.append(session, vote.matter_id, chain.TOOK_PART, ballot.cast_by, data, at)
    return receipt


def _replace(
    session: Session, vote: voting.Vote, ballot: Ballot, receipt: str | None, cast_by: str
) -> None:
    if cast_by == ballot.voter and ballot.by_proxy:
        raise HttpError(409, "second_ballot", f"{ballot.voter} has cast their own ballot")
    voting.refuse_change(vote)
    if receipt is None:
        raise HttpError(
            409, "receipt_needed", "a ballot for this voter is in: it is replaced with its receipt"
        )
    row = (
        (ballot_box.c.id == _key(receipt))
        & (ballot_box.c.matter_id == vote.matter_id)
        & (ballot_box.c.party == vote.party_of(ballot.voter))
    )
    if session.execute(select(ballot_box.c.id).where(row)).first() is None:
        raise HttpError(409, "unknown_receipt", "that receipt is of no ballot of this voter's")
    session.execute(update(ballot_box).where(row).values(option=ballot.option))
    if cast_by != ballot.cast_by:  # the voter took back the ballot their holder cast
        where = (turnout.c.matter_id == vote.matter_id) & (turnout.c.voter == ballot.voter)
        session.execute(update(turnout).where(where).values(cast_by=ballot.cast_by))


def _key(receipt: str) -> str:
    return hashlib.sha256(receipt.encode()).hexdigest()


def counted(session: Session, vote: voting.Vote) -> Iterator[Ballot]:
    """The box's ballots as tally.py takes them. Each party's options (sorted) are paired
    with its voters who took part (sorted): a pairing made up in memory for the count, which
    reads only how many of each option each party cast and who voted by proxy, never who
    voted how. A paper ballot not yet confirmed counts for nothing: as many of the party's
    paper voters are left out (any of them: each cast their own, so who changes nothing)."""
    party_of = {voter.person: voter.party for voter in vote.roster}
    who = session.execute(
        select(turnout.c.voter, turnout.c.cast_by, turnout.c.paper).where(
            turnout.c.matter_id == vote.matter_id
        )
    ).all()
    how = session.execute(
        select(
            ballot_box.c.party,
            ballot_box.c.option,
            ballot_box.c.entered_by,
            ballot_box.c.confirmed_by,
        ).where(ballot_box.c.matter_id == vote.matter_id)
    ).all()
    for party in sorted({row.party for row in how}):
        waiting = sum(1 for r in how if r.party == party and r.entered_by and not r.confirmed_by)
        on_paper = sorted(r.voter for r in who if party_of[r.voter] == party and r.paper)
        left_out = set(on_paper[:waiting])
        voters = sorted(
            (r.voter, r.cast_by)
            for r in who
            if party_of[r.voter] == party and r.voter not in left_out
        )
        options = sorted(
            r.option for r in how if r.party == party and (not r.entered_by or r.confirmed_by)
        )
        for (voter, cast_by), option in zip(voters, options, strict=True):
            yield Ballot(voter, option, cast_by)


def sealed(session: Session, matter_id: str) -> dict[str, list[str]]:
    """The SEALED entry's data: each party's options that count, sorted."""
    box = ballot_box.c
    counts = box.entered_by.is_(None) | box.confirmed_by.isnot(None)
    rows = session.execute(
        select(box.party, box.option).where((box.matter_id == matter_id) & counts)
    )
    return chain.sealed((row.party, row.option) for row in rows)


def shuffle_rows(session: Session) -> None:
    """On PostgreSQL, rewrite the box in key order (random): its heap no longer keeps the
    order ballots came in, nor the dead versions of changed ones. SQLite already keeps it so."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("CLUSTER ballot_box USING pk_ballot_box"))
