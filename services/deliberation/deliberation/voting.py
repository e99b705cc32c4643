"""An assembly vote on a matter (决议), on the database: opened with the roster and the rules as
they stand that moment, then ballots (casting.py, secret.py, paper.py) and proxies
(proxies.py) while it is open, and closed once (closing.py), when its tally per party is
published at once (当场公布).

What may be taken is decided by ballots.py (the tally engineer's checks), so the API refuses
exactly what the count would: a refusal's code says which HTTP status it is, and the reason
names person ids only.

Nothing here says how a vote stands while it is open: no counts, not even turnout, in an answer,
a log line or a metric, until it closes (issue 13: no partial tally anywhere).
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from deliberation import chain, rounds
from deliberation.ballots import Proxy, Refusal, Voter
from deliberation.model import matters, vote_proxies, vote_roster, votes
from deliberation.processes import VoteRules
from gongzhi.clock import as_utc
from gongzhi.web import HttpError

# The HTTP status of each of ballots.py's refusal codes: a caller not on the roster, or not
# the holder of the voter they vote for, may not; the rest is a conflict with what is taken.
STATUS = {
    "not_on_roster": 403,
    "not_their_proxy": 403,
    "unknown_option": 400,
    "own_proxy": 400,
    "second_proxy": 409,
    "proxy_chain": 409,
    "proxy_limit": 409,
}


@dataclass(frozen=True)
class Vote:
    """A vote as stored: its rules and roster are those of the moment it opened."""

    matter_id: str
    community: str
    rules: VoteRules
    roster: tuple[Voter, ...]
    opened_at: datetime
    closes_at: datetime | None
    closed_at: datetime | None
    result: Mapping[str, Any] | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def party_of(self, person: str) -> str | None:
        return next((voter.party for voter in self.roster if voter.person == person), None)


def open_vote(
    session: Session,
    matter_id: str,
    community: str,
    assembly: Mapping[str, str],
    rules: VoteRules,
    at: datetime,
    closes_at: datetime | None = None,
    opened_by: str = "deliberation",
) -> Vote:
    """Open the vote on `matter_id`: `assembly` (person → party, bodies.Bodies.assembly) and
    `rules` are copied into the vote, so a roster changed later changes nothing of it. 409 if
    the matter has an open vote, 400 with no one to vote. A closed one is set aside as an
    earlier round (rounds.py)."""
    if not assembly:
        raise HttpError(400, "empty_roster", f"community {community} has no assembly to vote")
    rounds.set_aside(session, matter_id)
    stored = {**asdict(rules), "veto": list(rules.veto)}
    session.execute(
        insert(votes).values(
            matter_id=matter_id,
            community=community,
            rules=stored,
            opened_at=at,
            closes_at=closes_at,
        )
    )
    roster = [{"matter_id": matter_id, "person": p, "party": assembly[p]} for p in sorted(assembly)]
    session.execute(insert(vote_roster), roster)
    data: dict[str, Any] = {"community": community, "rules": stored}
    data |= {
        "roster": dict(sorted(assembly.items())),
        "closes_at": closes_at and closes_at.isoformat(),
    }
    chain.append(session, matter_id, "vote_opened", opened_by, data, at)
    return load(session, matter_id)


def is_open_on(session: Session, matter_id: str) -> bool:
    """Whether `matter_id` has a vote open now."""
    where = (votes.c.matter_id == matter_id) & votes.c.closed_at.is_(None)
    return session.execute(select(votes.c.matter_id).where(where)).first() is not None


def refuse_by_hand(session: Session, matter_id: str) -> None:
    """409 for a vote opened by hand on one of our matters: its process opens it, with the
    matter's resolve step (steps.open_the_vote), and its close moves the matter on."""
    if session.execute(select(matters.c.id).where(matters.c.id == matter_id)).first():
        raise HttpError(409, "refused", f"matter {matter_id}'s vote opens with its resolve step")


def load(session: Session, matter_id: str, *, for_update: bool = False) -> Vote:
    """The vote on `matter_id`; 404 if it has none. `for_update` locks it (PostgreSQL) for a
    unit of work that writes to it, so a ballot and the close do not cross."""
    query = select(votes).where(votes.c.matter_id == matter_id)
    row = session.execute(query.with_for_update() if for_update else query).mappings().first()
    if row is None:
        raise HttpError(404, "not_found", f"matter {matter_id} has no vote")
    members = session.execute(
        select(vote_roster.c.person, vote_roster.c.party)
        .where(vote_roster.c.matter_id == matter_id)
        .order_by(vote_roster.c.person)
    )
    return Vote(
        matter_id=matter_id,
        community=row["community"],
        rules=VoteRules(**{**row["rules"], "veto": tuple(row["rules"]["veto"])}),
        roster=tuple(Voter(m.person, m.party) for m in members),
        opened_at=row["opened_at"].replace(tzinfo=row["opened_at"].tzinfo or UTC),
        closes_at=as_utc(row["closes_at"]),
        closed_at=as_utc(row["closed_at"]),
        result=row["result"],
    )


def open_for_writing(session: Session, matter_id: str) -> Vote:
    """The vote, locked, if it is still open; 409 once it closed."""
    vote = load(session, matter_id, for_update=True)
    if not vote.is_open:
        raise HttpError(409, "vote_closed", f"the vote on matter {matter_id} has closed")
    return vote


def proxies_of(session: Session, matter_id: str) -> list[Proxy]:
    rows = session.execute(
        select(vote_proxies.c.voter, vote_proxies.c.holder).where(
            vote_proxies.c.matter_id == matter_id
        )
    )
    return [Proxy(row.voter, row.holder) for row in rows]


def refuse(refusal: Refusal | None) -> None:
    """Raise `refusal` (from ballots.py) as its HTTP answer; nothing if there is none."""
    if refusal is not None:
        raise HttpError(STATUS.get(refusal.code, 409), refusal.code, refusal.reason)


def refuse_change(vote: Vote) -> None:
    """409 for a second ballot where the process lets no ballot change."""
    if not vote.rules.change_vote:
        raise HttpError(409, "second_ballot", "this vote's process lets no ballot be changed")


def status(vote: Vote) -> dict[str, Any]:
    """What anyone may read of a vote: while it is open, its rules and roster size, never a
    count (not even turnout); once closed, the result per party and every reason."""
    return {
        "matter_id": vote.matter_id,
        "community": vote.community,
        "state": "open" if vote.is_open else "closed",
        "rules": {**asdict(vote.rules), "veto": list(vote.rules.veto)},
        "eligible": len(vote.roster),
        "opened_at": vote.opened_at.isoformat(),
        "closes_at": vote.closes_at.isoformat() if vote.closes_at else None,
        "closed_at": vote.closed_at.isoformat() if vote.closed_at else None,
        "result": None if vote.is_open else vote.result,
    }
