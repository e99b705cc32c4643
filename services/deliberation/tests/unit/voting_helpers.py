"""Votes on the real database for the voting tests: open one, cast, appoint, close."""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from deliberation import casting, closing, model, proxies, voting
from deliberation.processes import VoteRules
from gongzhi.testing.units import FakeClock, outbox_events, outbox_for

AT = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
COMMUNITY = "620502001001"


def assembly(**parties: int) -> dict[str, str]:
    """`assembly(party_core=1, owners_committee=3)`: people p-<party>-<n> in those parties."""
    return {f"p-{party}-{n}": party for party, size in parties.items() for n in range(size)}


def opened(
    session: Session, members: Mapping[str, str], matter: str = "m-1", **rules
) -> voting.Vote:
    vote = voting.open_vote(session, matter, COMMUNITY, members, VoteRules(**rules), AT)
    session.commit()
    return vote


def cast(
    session: Session,
    voter: str,
    option: str,
    *,
    by: str | None = None,
    receipt: str | None = None,
    matter: str = "m-1",
) -> casting.Taken:
    """Cast in a unit of work of its own: committed if taken, rolled back if refused."""
    ballot = casting.Cast(voter, by or voter, option, receipt)
    return in_unit(session, lambda: casting.cast(session, matter, ballot, AT))


def in_unit(session: Session, work):
    """Run `work` as a unit of work: committed if it returns, rolled back if it raises."""
    try:
        done = work()
    except Exception:
        session.rollback()
        raise
    session.commit()
    return done


def appoint(session: Session, voter: str, holder: str, matter: str = "m-1"):
    made = proxies.Appointment(voter, holder, "委托书-1", voter)
    return in_unit(session, lambda: proxies.appoint(session, matter, made, AT))


def close(session: Session, matter: str = "m-1", minutes: int = 60) -> dict:
    clock = FakeClock(AT + timedelta(minutes=minutes))
    outbox = outbox_for(session, model.metadata, clock, service="deliberation")
    result = closing.close(session, outbox, matter, "secretary-1", clock.now())
    session.commit()
    return result


def closed_events(session: Session) -> list:
    found = outbox_events(session, model.metadata)
    return [e for e in found if e.type == "deliberation.vote.closed.v1"]
