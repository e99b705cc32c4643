"""Closing an assembly vote: by staff, or by the timer at its `closes_at`. The count is
tally.py's over the stored ballots (open ones, confirmed paper ones, or a secret vote's box),
published at once (当场公布): stored on the vote, appended to the matter's chain, and sent as
`deliberation.vote.closed` with the tally per party, carried or not and every reason, and the
chain's head as it then stood (heads.py), recorded beside the chain.

A recount is the same count over the same stored ballots; it must equal the published one."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from deliberation import (
    chain,
    events,
    heads,
    paper,
    secret,
    secret_paper,
    state,
    steps,
    voting,
    words,
)
from deliberation.ballots import Ballot
from deliberation.model import matter_cases, matters, open_ballots, votes
from deliberation.policy import Policy
from deliberation.tally import Result, tally
from gongzhi.outbox import Outbox
from gongzhi.web import HttpError


def close(
    session: Session,
    outbox: Outbox,
    matter_id: str,
    by: str,
    at: datetime,
    policy: Policy | None = None,
) -> dict[str, Any]:
    """Close the vote and publish its result (tally.Result.as_json()); 409 if it closed. With
    the district's `policy`, the matter voted on moves on by its process (steps.vote_closed)."""
    vote = voting.open_for_writing(session, matter_id)
    ballots = list(stored_ballots(session, vote))
    result = counted(session, vote, ballots).as_json()
    if vote.rules.secret:
        chain.append(session, matter_id, chain.SEALED, by, secret.sealed(session, matter_id), at)
        secret.shuffle_rows(session)
    where = votes.c.matter_id == matter_id
    session.execute(update(votes).where(where).values(closed_at=at, closed_by=by, result=result))
    last = chain.append(session, matter_id, "vote_closed", by, {"result": result}, at)
    head = heads.record(session, last, heads.VOTE_CLOSED)
    closed = _closed(vote, result, head, at) | {"voters": voters(session, vote, ballots)}
    outbox.add(events.VOTE_CLOSED, closed, subject=matter_id)
    if policy is not None:
        matter_voted(steps.Move(by, at, policy, session, outbox), vote, result)
    return result


def matter_voted(move: steps.Move, vote: voting.Vote, result: dict[str, Any]) -> None:
    """The matter voted on leaves its resolve step: on when carried, else by its process's
    rule (back to deliberate, or failed); and its decision goes out, carried or not, as
    `deliberation.matter.decided`, which routing gives every promoted case as its answer. A
    vote on no matter of ours (opened by hand) moves nothing and decides nothing."""
    if not session_has_matter(move, vote.matter_id):
        return
    matter = state.load(move.session, vote.matter_id)
    steps.vote_closed(matter.id, bool(result["carried"]), move)
    move.outbox.add(events.MATTER_DECIDED, decision(move, matter, vote, result), subject=matter.id)


def decision(
    move: steps.Move, matter: state.Matter, vote: voting.Vote, result: dict[str, Any]
) -> dict[str, Any]:
    """The decision in words for the residents, e.g. 居民代表大会表决通过（赞成 18，弃权 0，
    反对 1，否决 1）：小区停车位规划: the board's words (words.py), counts and the title."""
    verdict = words.verdict(result, vote.rules.majority, move.policy.deliberation.groups)
    counts = "，".join(f"{words.OPTION_NAMES[o]} {result['counts'][o]}" for o in words.OPTIONS)
    cases = move.session.execute(
        select(matter_cases.c.issue_id)
        .where(matter_cases.c.matter_id == matter.id)
        .order_by(matter_cases.c.issue_id)
    )
    return {
        "matter_id": matter.id,
        "community": matter.community,
        "title": matter.title,
        "carried": bool(result["carried"]),
        "answer": {"text": f"居民代表大会表决{verdict}（{counts}）：{matter.title}", "photos": []},
        "issue_ids": list(cases.scalars()),
        "decided_at": move.now,
    }


def session_has_matter(move: steps.Move, matter_id: str) -> bool:
    found = move.session.execute(select(matters.c.id).where(matters.c.id == matter_id))
    return found.first() is not None


def count(session: Session, vote: voting.Vote) -> Result:
    """tally.py's count of the vote's stored ballots, as they stand."""
    return counted(session, vote, list(stored_ballots(session, vote)))


def counted(session: Session, vote: voting.Vote, ballots: list[Ballot]) -> Result:
    proxies = voting.proxies_of(session, vote.matter_id)
    return tally(vote.roster, ballots, proxies, vote.rules)


def voters(session: Session, vote: voting.Vote, ballots: Iterable[Ballot]) -> list[str]:
    """Who cast a ballot that counted (themselves, by proxy, or on paper once confirmed),
    sorted: who voted is public, how is not, so no option goes with them. Points for taking
    part (scoring's rules) are earned by this list. In a secret vote, a party's paper voters
    are left out while any of its paper ballots is unconfirmed (secret_paper.in_doubt)."""
    named = {ballot.voter for ballot in ballots}
    if vote.rules.secret:
        named -= secret_paper.in_doubt(session, vote)
    return sorted(named)


def stored_ballots(session: Session, vote: voting.Vote) -> Iterable[Ballot]:
    if vote.rules.secret:
        return secret.counted(session, vote)
    rows = session.execute(
        select(open_ballots.c.voter, open_ballots.c.option, open_ballots.c.cast_by).where(
            open_ballots.c.matter_id == vote.matter_id
        )
    )
    online = [Ballot(row.voter, row.option, row.cast_by) for row in rows]
    return online + paper.confirmed(session, vote.matter_id)


def recount(session: Session, matter_id: str) -> dict[str, Any]:
    """Count a closed vote again from its stored ballots: the recount, the published result,
    and whether they agree. 409 while the vote is open (a count then is a partial tally)."""
    vote = voting.load(session, matter_id)
    if vote.is_open:
        raise HttpError(409, "vote_open", "a vote is recounted once it has closed")
    again = count(session, vote).as_json()
    return {"matter_id": matter_id, "result": again, "equal": again == vote.result}


def due(session: Session, now: datetime) -> list[str]:
    """The votes whose `closes_at` has come and that are still open."""
    rows = session.execute(
        select(votes.c.matter_id)
        .where(votes.c.closed_at.is_(None) & (votes.c.closes_at <= now))
        .order_by(votes.c.closes_at)
    )
    return [row.matter_id for row in rows]


def _closed(vote: voting.Vote, result: dict[str, Any], head: dict[str, Any], at: datetime) -> dict:
    return {
        "matter_id": vote.matter_id,
        "community": vote.community,
        **result,
        "secret": vote.rules.secret,
        "chain_hash": head["hash"],
        "chain_length": head["length"],
        "closed_at": at.isoformat(),
    }
