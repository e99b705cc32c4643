"""Ballot order never changes a vote's result, through the database path: the same ballots and
proxies cast in two orders into two votes close with the same result, and a recount equals it
(Hypothesis, few examples: each is a real database's work)."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deliberation import closing

from .test_assembly_vote import session
from .voting_helpers import appoint, assembly, cast, close, opened

__all__ = ["session"]
MEMBERS = assembly(party_core=1, residents_representatives=5, owners_committee=3)
PEOPLE = sorted(MEMBERS)
NUMBERS = itertools.count()
OPTIONS = ("agree", "abstain", "disagree", "block")


@st.composite
def ballots(draw):
    """Who votes how; the first voter appoints the second, who votes for them too."""
    chosen = draw(st.lists(st.sampled_from(OPTIONS), min_size=len(PEOPLE), max_size=len(PEOPLE)))
    voting = draw(st.lists(st.booleans(), min_size=len(PEOPLE), max_size=len(PEOPLE)))
    cast_list = [(p, o, p) for p, o, v in zip(PEOPLE, chosen, voting, strict=True) if v]
    cast_list.append((PEOPLE[0], draw(st.sampled_from(OPTIONS)), PEOPLE[1]))
    return cast_list, draw(st.permutations(cast_list))


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=ballots(), secret=st.booleans(), majority=st.sampled_from(["simple", "concurrent"]))
def test_ballot_order_does_not_change_the_result(session, drawn, secret, majority):
    in_order, shuffled = drawn
    if secret:  # one ballot stands for a voter in a secret vote (secret.py): the holder's here
        in_order, shuffled = ([b for b in cast if b[::2] != (PEOPLE[0],) * 2] for cast in drawn)
    rules = {"secret": secret, "majority": majority, "party_quorum": 0.5}
    matters = [f"m-{next(NUMBERS)}" for _ in range(2)]  # one session for every example
    for matter, order in zip(matters, (in_order, shuffled), strict=True):
        opened(session, MEMBERS, matter=matter, **rules)
        appoint(session, PEOPLE[0], PEOPLE[1], matter=matter)
        for voter, option, by in order:
            cast(session, voter, option, by=by, matter=matter)
    first, second = (close(session, matter) for matter in matters)
    assert first == second
    assert closing.recount(session, matters[1])["equal"]
