"""The assembly vote on the real database (SQLite, or PostgreSQL under DATABASE_URL): each
refusal of issue 13's "Bad input" with its status and reason and nothing half-applied; a vote
with an overall majority that misses a party's quorum, or a party's majority under the
concurrent rule, is not carried and its stored result says why; a recount equals the count;
the close is published on the chain and as deliberation.vote.closed."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from deliberation import chain, closing, voting
from deliberation.model import open_ballots, vote_proxies
from deliberation.processes import VoteRules
from gongzhi.testing.units import migrated_session_fixture
from gongzhi.web import HttpError

from .voting_helpers import AT, COMMUNITY, appoint, assembly, cast, close, closed_events, opened

session = migrated_session_fixture("deliberation")
MEMBERS = assembly(party_core=1, residents_representatives=4, owners_committee=3)
CORE, R0, R1, R2, R3 = "p-party_core-0", *(f"p-residents_representatives-{n}" for n in range(4))
O0, O1, O2 = (f"p-owners_committee-{n}" for n in range(3))


def refused(status: int, code: str, work) -> HttpError:
    with pytest.raises(HttpError) as raised:
        work()
    assert (raised.value.status, raised.value.code) == (status, code), raised.value.message
    return raised.value


def entries(session) -> int:
    return len(chain.entries(session, "m-1"))


def test_a_vote_by_someone_not_on_the_roster_is_403_and_leaves_nothing(session):
    opened(session, MEMBERS)
    before = entries(session)
    error = refused(403, "not_on_roster", lambda: cast(session, "p-stranger", "agree"))
    assert "p-stranger is not on the roster" in error.message
    assert session.scalar(select(func.count()).select_from(open_ballots)) == 0
    assert entries(session) == before


def test_a_roster_changed_after_opening_changes_nothing_of_the_vote(session):
    members = dict(MEMBERS)
    opened(session, members)
    members["p-newcomer"] = "owners_committee"
    assert len(voting.load(session, "m-1").roster) == len(MEMBERS)
    refused(403, "not_on_roster", lambda: cast(session, "p-newcomer", "agree"))


def test_an_unknown_option_is_400_naming_the_options(session):
    opened(session, MEMBERS)
    error = refused(400, "unknown_option", lambda: cast(session, CORE, "yes"))
    assert "agree, abstain, disagree, block" in error.message


def test_a_ballot_after_close_is_409(session):
    opened(session, MEMBERS)
    cast(session, CORE, "agree")
    close(session)
    refused(409, "vote_closed", lambda: cast(session, R0, "agree"))
    refused(409, "vote_closed", lambda: appoint(session, R0, R1))
    refused(409, "vote_closed", lambda: close(session))


def test_a_second_ballot_replaces_the_first_when_the_process_lets_votes_change(session):
    opened(session, MEMBERS)
    assert not cast(session, CORE, "disagree").replaced
    assert cast(session, CORE, "agree").replaced
    assert close(session)["counts"]["agree"] == 1


def test_a_second_ballot_is_409_when_the_process_does_not_let_votes_change(session):
    opened(session, MEMBERS, change_vote=False)
    cast(session, CORE, "disagree")
    refused(409, "second_ballot", lambda: cast(session, CORE, "agree"))
    assert close(session)["counts"]["disagree"] == 1


def test_proxy_refusals_each_with_its_reason_and_nothing_half_applied(session):
    opened(session, MEMBERS, proxy_limit=1)
    appoint(session, R0, R1)
    before = (entries(session), session.scalar(select(func.count()).select_from(vote_proxies)))
    chain_error = refused(409, "proxy_chain", lambda: appoint(session, R1, R2))
    assert "chain" in chain_error.message
    refused(409, "proxy_chain", lambda: appoint(session, R2, R0))  # R0 appointed: no holder
    limit_error = refused(409, "proxy_limit", lambda: appoint(session, R2, R1))
    assert "no more than 1" in limit_error.message
    refused(409, "second_proxy", lambda: appoint(session, R0, R2))
    refused(400, "not_on_roster", lambda: appoint(session, R2, "p-stranger"))
    refused(403, "not_on_roster", lambda: appoint(session, "p-stranger", R2))
    refused(400, "own_proxy", lambda: appoint(session, R2, R2))
    after = (entries(session), session.scalar(select(func.count()).select_from(vote_proxies)))
    assert after == before


def test_a_holder_votes_for_the_voter_who_appointed_them_and_no_one_else(session):
    opened(session, MEMBERS)
    appoint(session, R0, R1)
    assert cast(session, R0, "agree", by=R1).cast_by == R1
    refused(403, "not_their_proxy", lambda: cast(session, R2, "agree", by=R1))
    result = close(session)
    assert result["turnout"] == {"eligible": 8, "took_part": 1, "by_proxy": 1}


def test_the_voters_own_ballot_counts_over_their_holders(session):
    opened(session, MEMBERS)
    appoint(session, R0, R1)
    cast(session, R0, "disagree", by=R1)
    cast(session, R0, "agree")
    result = close(session)
    assert result["counts"]["agree"] == 1
    assert result["counts"]["disagree"] == 0


def test_an_overall_majority_that_misses_one_partys_quorum_is_not_carried(session):
    opened(session, MEMBERS, party_quorum=0.5)
    for person in (CORE, R0, R1, R2, R3, O0):  # owners: 1 of 3 took part
        cast(session, person, "agree")
    result = close(session)
    assert result["counts"]["agree"] == 6
    assert result["carried"] is False
    assert result["reasons"] == [{"code": "party_quorum", "party": "owners_committee"}]
    assert voting.load(session, "m-1").result == result  # stored on the vote


def test_under_the_concurrent_rule_a_party_against_is_not_carried(session):
    opened(session, MEMBERS, majority="concurrent")
    for person in (CORE, R0, R1, R2, R3):
        cast(session, person, "agree")
    for person in (O0, O1):
        cast(session, person, "disagree")
    result = close(session)
    assert result["carried"] is False
    assert result["reasons"] == [{"code": "party_majority", "party": "owners_committee"}]
    [event] = closed_events(session)
    assert event.data["reasons"] == result["reasons"]
    assert event.data["carried"] is False
    owners = next(p for p in event.data["parties"] if p["party"] == "owners_committee")
    assert owners["counts"] == {"agree": 0, "abstain": 0, "disagree": 2, "block": 0}


def test_a_carried_vote_is_published_on_the_chain_and_as_an_event(session):
    opened(session, MEMBERS)
    for person in (CORE, R0, R1, R2, O0):
        cast(session, person, "agree")
    result = close(session)
    assert result["carried"]
    assert result["reasons"] == []
    last = chain.entries(session, "m-1")[-1]
    assert (last.kind, last.data) == ("vote_closed", {"result": result})
    [event] = closed_events(session)
    assert event.subject == "m-1"
    assert event.data["chain_hash"] == last.hash
    assert chain.verify(session, "m-1").holds


def test_a_recount_equals_the_count_and_is_refused_while_open(session):
    opened(session, MEMBERS, majority="two_thirds")
    appoint(session, O0, O1)
    for person, option in ((CORE, "agree"), (R0, "block"), (R1, "abstain"), (O1, "agree")):
        cast(session, person, option)
    cast(session, O0, "disagree", by=O1)
    refused(409, "vote_open", lambda: closing.recount(session, "m-1"))
    result = close(session)
    again = closing.recount(session, "m-1")
    assert again == {"matter_id": "m-1", "result": result, "equal": True}


def test_a_vote_is_due_to_close_at_its_closes_at_and_not_before(session):
    closes = AT + timedelta(hours=2)
    voting.open_vote(session, "m-1", COMMUNITY, MEMBERS, VoteRules(), AT, closes_at=closes)
    opened(session, MEMBERS, matter="m-2")  # no closes_at: closed by staff alone
    session.commit()
    assert closing.due(session, closes - timedelta(seconds=1)) == []
    assert closing.due(session, closes) == ["m-1"]
    close(session, "m-1", minutes=120)
    assert closing.due(session, closes + timedelta(days=1)) == []


def test_a_vote_opens_again_only_once_the_last_closed_which_is_kept_as_a_round(session):
    opened(session, MEMBERS)
    cast(session, CORE, "agree")
    refused(409, "vote_exists", lambda: opened(session, MEMBERS))
    first = close(session)
    opened(session, MEMBERS)
    assert voting.load(session, "m-1").is_open
    assert voting.load(session, "m-1/1").result == first
    cast(session, CORE, "disagree")  # the new round's ballot, not a change of the old one
    assert close(session)["counts"]["disagree"] == 1
    assert session.scalar(select(func.count()).select_from(open_ballots)) == 2
