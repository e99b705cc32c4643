"""What an assembly vote may take: each refusal the voting API gives with its reason, and the
count refusing exactly what a plain check refuses."""

import pytest
from hypothesis import given, settings

from deliberation.ballots import (
    OPTIONS,
    Ballot,
    InvalidVote,
    Proxy,
    Voter,
    ballot_refusal,
    proxy_refusal,
    refusals,
)
from deliberation.processes import VoteRules
from deliberation.tally import tally

from .conftest import any_votes

ROSTER = [Voter(f"p-{n}", "residents_representatives") for n in range(5)]
LIMIT_TWO = VoteRules(proxy_limit=2)


def code(refusal) -> str | None:
    return None if refusal is None else refusal.code


# Ballots


def test_a_ballot_by_or_for_someone_not_on_the_roster_is_refused():
    assert code(ballot_refusal(Ballot("p-9", "agree", "p-9"), ROSTER, [])) == "not_on_roster"
    outsider_for_member = Ballot("p-1", "agree", cast_by="p-9")
    assert code(ballot_refusal(outsider_for_member, ROSTER, [])) == "not_on_roster"


def test_a_ballot_for_an_unknown_option_is_refused_with_the_options():
    refusal = ballot_refusal(Ballot("p-1", "yes", "p-1"), ROSTER, [])

    assert code(refusal) == "unknown_option"
    assert refusal is not None
    assert "agree, abstain, disagree, block" in refusal.reason


def test_a_ballot_cast_for_someone_who_appointed_no_such_holder_is_refused():
    proxies = [Proxy("p-1", holder="p-2")]

    assert code(ballot_refusal(Ballot("p-1", "agree", "p-3"), ROSTER, proxies)) == "not_their_proxy"
    assert code(ballot_refusal(Ballot("p-3", "agree", "p-2"), ROSTER, proxies)) == "not_their_proxy"
    assert ballot_refusal(Ballot("p-1", "agree", "p-2"), ROSTER, proxies) is None
    assert ballot_refusal(Ballot("p-1", "block", "p-1"), ROSTER, proxies) is None


def test_two_ballots_by_one_caster_for_one_voter_are_not_counted():
    ballots = [Ballot("p-1", "agree", "p-1"), Ballot("p-1", "disagree", "p-1")]

    assert [r.code for r in refusals(ROSTER, ballots, [], VoteRules())] == ["second_ballot"]


def test_a_roster_with_a_person_twice_is_not_counted():
    roster = [*ROSTER, Voter("p-1", "owners_committee")]

    assert [r.code for r in refusals(roster, [], [], VoteRules())] == ["twice_on_roster"]


# Proxies


@pytest.mark.parametrize(
    ("proxy", "taken", "refused"),
    [
        (Proxy("p-9", "p-1"), [], "not_on_roster"),
        (Proxy("p-1", "p-9"), [], "not_on_roster"),
        (Proxy("p-1", "p-1"), [], "own_proxy"),
        (Proxy("p-1", "p-3"), [Proxy("p-1", "p-2")], "second_proxy"),
        (Proxy("p-1", "p-2"), [Proxy("p-2", "p-3")], "proxy_chain"),  # the holder appointed
        (Proxy("p-2", "p-3"), [Proxy("p-1", "p-2")], "proxy_chain"),  # the voter holds one
        (Proxy("p-3", "p-1"), [Proxy("p-1", "p-2")], "proxy_chain"),
        (Proxy("p-3", "p-4"), [Proxy("p-1", "p-4"), Proxy("p-2", "p-4")], "proxy_limit"),
        (Proxy("p-3", "p-4"), [Proxy("p-1", "p-4")], None),
    ],
)
def test_an_appointment_is_refused_with_its_reason(proxy, taken, refused):
    assert code(proxy_refusal(proxy, ROSTER, taken, LIMIT_TWO)) == refused


def test_no_proxy_is_taken_where_the_limit_is_none():
    refusal = proxy_refusal(Proxy("p-1", "p-2"), ROSTER, [], VoteRules(proxy_limit=0))

    assert code(refusal) == "proxy_limit"


def test_the_count_of_a_vote_with_a_chain_of_proxies_names_it():
    proxies = [Proxy("p-1", "p-2"), Proxy("p-2", "p-3")]

    with pytest.raises(InvalidVote, match="chain") as raised:
        tally(ROSTER, [], proxies, LIMIT_TWO)

    assert [r.code for r in raised.value.refusals] == ["proxy_chain"]


# Any input: the count refuses exactly what a plain check refuses


def plainly_valid(roster, ballots, proxies, rules) -> bool:
    members = [voter.person for voter in roster]
    if len(set(members)) != len(members):
        return False
    voters = [p.voter for p in proxies]
    holders = [p.holder for p in proxies]
    for p in proxies:
        if p.voter not in members or p.holder not in members or p.voter == p.holder:
            return False
        if (
            voters.count(p.voter) > 1
            or p.holder in voters
            or holders.count(p.holder) > rules.proxy_limit
        ):
            return False
    for b in ballots:
        if b.voter not in members or b.cast_by not in members or b.option not in OPTIONS:
            return False
        if b.cast_by != b.voter and Proxy(b.voter, b.cast_by) not in proxies:
            return False
        if [(c.voter, c.cast_by) for c in ballots].count((b.voter, b.cast_by)) > 1:
            return False
    return True


@settings(max_examples=400, deadline=None)
@given(any_votes())
def test_the_count_refuses_exactly_what_a_plain_check_refuses(vote):
    if plainly_valid(*vote):
        assert tally(*vote).turnout.eligible == len(vote[0])
    else:
        with pytest.raises(InvalidVote):
            tally(*vote)
