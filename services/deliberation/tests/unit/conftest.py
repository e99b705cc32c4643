"""Deliberation's unit tests' shared parts: random assembly votes for the properties of the
count and of what it may take; and deliberation's decisions on the real database (SQLite, or
PostgreSQL under DATABASE_URL), migrated so the chain's triggers are there, with the sample
district and a clock moved by hand. `desk` runs a decision as the service would, one unit of
work each, and shows what went out."""

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from deliberation import model
from deliberation.ballots import OPTIONS, Ballot, Proxy, Voter
from deliberation.policy import Policy, policy_of
from deliberation.processes import VoteRules
from deliberation.steps import Move
from gongzhi.district import load_district
from gongzhi.envelope import Event
from gongzhi.testing.districts import SAMPLE
from gongzhi.testing.units import FakeClock, migrated_session_fixture, outbox_events, outbox_for

PARTIES = ["party_core", "residents_committee", "owners_committee", "property_company"]
SHARES = [
    Fraction(0),
    Fraction(1, 4),
    Fraction(1, 2),
    Fraction(3, 5),
    Fraction(2, 3),
    Fraction(7, 10),
    Fraction(1),
]


@st.composite
def random_votes(draw):
    """A roster, rules, proxies that keep the rules, and for each voter and each holder maybe
    a ballot: everything the count must take."""
    parties = draw(st.lists(st.sampled_from(PARTIES), min_size=1, max_size=4, unique=True))
    roster = [
        Voter(f"p-{n}", draw(st.sampled_from(parties))) for n in range(draw(st.integers(0, 25)))
    ]
    rules = VoteRules(
        quorum=draw(st.sampled_from(SHARES)),
        party_quorum=draw(st.none() | st.sampled_from(SHARES)),
        majority=draw(st.sampled_from(["simple", "two_thirds", "concurrent"])),
        veto=tuple(draw(st.lists(st.sampled_from(PARTIES), max_size=2, unique=True))),
        proxy_limit=draw(st.integers(0, 3)),
    )
    people = [voter.person for voter in roster]
    pairs = (
        draw(st.lists(st.tuples(st.sampled_from(people), st.sampled_from(people))))
        if people
        else []
    )
    proxies = kept_proxies(pairs, rules.proxy_limit)
    maybe = st.none() | st.sampled_from(OPTIONS)
    ballots = [Ballot(person, option, person) for person in people if (option := draw(maybe))]
    ballots += [Ballot(p.voter, option, p.holder) for p in proxies if (option := draw(maybe))]
    return roster, ballots, proxies, rules


def kept_proxies(pairs: list[tuple[str, str]], limit: int) -> list[Proxy]:
    kept: list[Proxy] = []
    for voter, holder in pairs:
        voters = [p.voter for p in kept]
        holders = [p.holder for p in kept]
        if (
            voter != holder
            and voter not in voters + holders
            and holder not in voters
            and holders.count(holder) < limit
        ):
            kept.append(Proxy(voter, holder))
    return kept


@st.composite
def any_votes(draw):
    """A vote as random_votes draws it, often with something added that the rules may refuse:
    anyone's ballot or appointment, an outsider's, a person twice on the roster."""
    roster, ballots, proxies, rules = draw(random_votes())
    person = st.sampled_from([voter.person for voter in roster] + ["outsider"])
    option = st.sampled_from([*OPTIONS, "maybe"])
    extra = st.lists(st.builds(Proxy, person, person), max_size=1)
    proxies += draw(extra)
    ballots += draw(st.lists(st.builds(Ballot, person, option, person), max_size=1))
    roster += draw(st.lists(st.sampled_from(roster), max_size=1)) if roster else []
    return roster, ballots, proxies, rules


session = migrated_session_fixture("deliberation")
COMMUNITY = "620502001001"  # Xiguan's "1+4+N" process, its council listed in the sample
STAFF = "staff-620502001001"


@pytest.fixture(scope="session")
def policy() -> Policy:
    return policy_of(load_district(SAMPLE))


class Desk:
    def __init__(self, session: Session, policy: Policy):
        self.session, self.policy, self.clock = session, policy, FakeClock()

    def run(self, decide: Callable[..., Any], *args: Any, actor: str = STAFF) -> Any:
        """`decide(*args, move)` in one unit of work: committed, or rolled back if it raises."""
        try:
            done = decide(*args, self.move(actor))
        except Exception:
            self.session.rollback()
            raise
        self.session.commit()
        return done

    def move(self, actor: str) -> Move:
        outbox = outbox_for(self.session, model.metadata, self.clock, service="deliberation")
        return Move(actor, self.clock.now(), self.policy, self.session, outbox)

    def events(self, type_: str | None = None) -> list[Event]:
        found = outbox_events(self.session, model.metadata)
        return [event for event in found if type_ is None or event.type == type_]

    def rows(self, table: Any) -> list[dict[str, Any]]:
        return [dict(row) for row in self.session.execute(select(table)).mappings()]

    def days(self, count: float) -> None:
        self.clock.advance(count * 86400)


@pytest.fixture
def desk(session, policy) -> Desk:
    return Desk(session, policy)
