"""The count of an assembly vote: worked examples of each rule, then random votes against a
plain reference count written below."""

import json
from dataclasses import asdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deliberation.ballots import OPTIONS, Ballot, InvalidVote, Proxy, Voter
from deliberation.processes import VoteRules
from deliberation.tally import Counts, Reason, Turnout, tally

from .conftest import random_votes


def assembly(**sizes: int) -> list[Voter]:
    """`assembly(party_core=2)`: voters party_core-1 and party_core-2."""
    return [Voter(f"{party}-{n}", party) for party, size in sizes.items() for n in range(size)]


def own(person: str, option: str) -> Ballot:
    return Ballot(person, option, cast_by=person)


def votes(party: str, **options: int) -> list[Ballot]:
    """`votes("owners_committee", agree=2, block=1)`: its first three members' own ballots."""
    chosen = [option for option, n in options.items() for _ in range(n)]
    return [own(f"{party}-{n}", option) for n, option in enumerate(chosen)]


def party(result, name: str):
    return next(p for p in result.parties if p.party == name)


# Quorum


def test_assembly_vote_fails_without_quorum():
    result = tally(
        assembly(residents_representatives=10),
        votes("residents_representatives", agree=4),
        [],
        VoteRules(),
    )

    assert not result.carried
    assert result.reasons == (Reason("quorum"),)
    assert result.turnout == Turnout(eligible=10, took_part=4, by_proxy=0)


def test_abstaining_is_taking_part():
    ballots = votes("residents_representatives", agree=3, abstain=4)
    result = tally(assembly(residents_representatives=10), ballots, [], VoteRules(quorum=0.7))

    assert result.carried
    assert result.counts == Counts(agree=3, abstain=4)


@pytest.mark.parametrize(
    ("share", "took_part", "eligible"),
    [(0.7, 7, 10), (0.6, 3, 5), (2 / 3, 20, 30), (5 / 6, 5, 6), (0.5001, 5001, 10000)],
)
def test_a_quorum_is_reached_at_exactly_its_share_as_the_config_wrote_it(
    share, took_part, eligible
):
    """The config reads 0.7 and 5/6 as floats: 0.7 * 10 is 7.000000000000001, and 5/6 prints
    as 0.8333333333333334; neither may keep 7 of 10 or 5 of 6 from a quorum."""
    roster = assembly(residents_representatives=eligible)
    reached = votes("residents_representatives", agree=took_part)
    short = votes("residents_representatives", agree=took_part - 1)

    assert tally(roster, reached, [], VoteRules(quorum=share)).carried
    assert tally(roster, short, [], VoteRules(quorum=share)).reasons == (Reason("quorum"),)


def test_assembly_vote_fails_without_quorum_of_each_party_though_the_majority_holds():
    roster = assembly(residents_representatives=6, owners_committee=4)
    ballots = votes("residents_representatives", agree=6) + votes("owners_committee", disagree=1)
    result = tally(roster, ballots, [], VoteRules(party_quorum=0.5))

    assert not result.carried
    assert result.reasons == (Reason("party_quorum", "owners_committee"),)
    assert result.counts == Counts(agree=6, disagree=1)
    assert party(result, "owners_committee").turnout == Turnout(4, 1, 0)
    assert party(result, "residents_representatives").counts == Counts(agree=6)


# Majorities


def test_a_simple_majority_needs_more_agree_than_disagree_and_block_together():
    roster = assembly(residents_representatives=10)
    tie = votes("residents_representatives", agree=4, disagree=2, block=2, abstain=2)
    more = votes("residents_representatives", agree=5, disagree=2, block=2, abstain=1)

    assert tally(roster, tie, [], VoteRules()).reasons == (Reason("majority"),)
    assert tally(roster, more, [], VoteRules()).carried


def test_two_thirds_is_reached_at_exactly_two_thirds_of_the_ballots_that_are_not_abstain():
    roster, rules = assembly(residents_representatives=12), VoteRules(majority="two_thirds")
    exactly = votes("residents_representatives", agree=6, disagree=2, block=1, abstain=3)
    short = votes("residents_representatives", agree=5, disagree=3, abstain=4)

    assert tally(roster, exactly, [], rules).carried
    assert tally(roster, short, [], rules).reasons == (Reason("majority"),)


def test_a_vote_in_which_everyone_abstains_is_carried_by_no_majority():
    roster = assembly(residents_representatives=3)
    ballots = votes("residents_representatives", abstain=3)

    for majority in ("simple", "two_thirds", "concurrent"):
        result = tally(roster, ballots, [], VoteRules(majority=majority))
        assert result.reasons == (Reason("majority"),), majority


def test_a_concurrent_majority_missed_in_one_party_is_not_carried():
    roster = assembly(residents_representatives=5, property_company=3, party_core=2)
    ballots = (
        votes("residents_representatives", agree=5)
        + votes("property_company", agree=1, disagree=1, block=1)
        + votes("party_core", abstain=2)  # casts nothing but abstain: no majority asked of it
    )
    result = tally(roster, ballots, [], VoteRules(majority="concurrent"))

    assert not result.carried
    assert result.reasons == (Reason("party_majority", "property_company"),)
    assert result.counts == Counts(agree=6, abstain=2, disagree=1, block=1)


# Veto


def test_a_veto_party_vetoes_when_more_than_half_of_its_ballots_are_block():
    roster = assembly(residents_representatives=7, owners_committee=3)
    ballots = votes("residents_representatives", agree=7) + votes(
        "owners_committee", block=2, agree=1
    )
    result = tally(roster, ballots, [], VoteRules(veto=("owners_committee",)))

    assert result.reasons == (Reason("veto", "owners_committee"),)
    assert result.counts.agree > result.counts.against


def test_block_is_no_veto_at_half_a_partys_ballots_nor_outside_a_veto_party():
    roster = assembly(residents_representatives=7, owners_committee=4)
    ballots = votes("residents_representatives", agree=7) + votes(
        "owners_committee", block=2, agree=2
    )

    assert tally(roster, ballots, [], VoteRules(veto=("owners_committee",))).carried
    three = votes("residents_representatives", agree=4, block=3) + votes(
        "owners_committee", agree=4
    )
    assert tally(roster, three, [], VoteRules(veto=("owners_committee",))).carried


def test_every_reason_is_listed_with_its_party():
    roster = assembly(residents_representatives=6, owners_committee=4, property_company=2)
    ballots = votes("owners_committee", block=3) + votes("property_company", agree=1)
    rules = VoteRules(party_quorum=0.5, majority="concurrent", veto=("owners_committee",))
    result = tally(roster, ballots, [], rules)

    assert result.as_json()["reasons"] == [
        {"code": "quorum", "party": None},
        {"code": "party_quorum", "party": "residents_representatives"},
        {"code": "majority", "party": None},
        {"code": "party_majority", "party": "owners_committee"},
        {"code": "veto", "party": "owners_committee"},
    ]
    assert result.as_json()["parties"][0] == {
        "party": "owners_committee",
        "counts": {"agree": 0, "abstain": 0, "disagree": 0, "block": 3},
        "turnout": {"eligible": 4, "took_part": 3, "by_proxy": 0},
    }


# Proxies


def test_a_proxy_holders_ballot_counts_for_the_voter_who_appointed_them():
    roster = assembly(residents_representatives=4)
    proxies = [Proxy("residents_representatives-0", holder="residents_representatives-1")]
    ballots = [
        own("residents_representatives-1", "agree"),
        Ballot("residents_representatives-0", "agree", cast_by="residents_representatives-1"),
    ]
    result = tally(roster, ballots, proxies, VoteRules())

    assert result.carried
    assert result.counts == Counts(agree=2)
    assert result.turnout == Turnout(eligible=4, took_part=2, by_proxy=1)


def test_a_voters_own_ballot_wins_over_their_proxy_holders():
    roster = assembly(residents_representatives=2)
    proxies = [Proxy("residents_representatives-0", holder="residents_representatives-1")]
    ballots = [
        Ballot("residents_representatives-0", "disagree", cast_by="residents_representatives-1"),
        own("residents_representatives-0", "agree"),
    ]
    result = tally(roster, ballots, proxies, VoteRules())

    assert result.counts == Counts(agree=1)
    assert result.turnout == Turnout(eligible=2, took_part=1, by_proxy=0)


def test_the_count_raises_on_what_the_voting_api_should_have_refused():
    roster = assembly(residents_representatives=3)
    ballots = [own("outsider", "agree"), own("residents_representatives-0", "maybe")]

    with pytest.raises(InvalidVote) as raised:
        tally(roster, ballots, [], VoteRules())

    assert [r.code for r in raised.value.refusals] == ["not_on_roster", "unknown_option"]


# Random votes against a plain reference count

PROPERTIES = settings(max_examples=300, deadline=None)


def reference_count(roster, ballots, proxies, rules) -> dict:
    """The count done by hand: find each voter's ballot, add it up, check each rule."""
    parties = {}
    for voter in roster:
        if voter.party not in parties:
            parties[voter.party] = {
                "party": voter.party,
                "counts": dict.fromkeys(OPTIONS, 0),
                "turnout": {"eligible": 0, "took_part": 0, "by_proxy": 0},
            }
        row = parties[voter.party]
        row["turnout"]["eligible"] += 1
        mine = [b for b in ballots if b.voter == voter.person and b.cast_by == voter.person]
        theirs = [b for b in ballots if b.voter == voter.person and b.cast_by != voter.person]
        ballot = mine[0] if mine else theirs[0] if theirs else None
        if ballot is not None:
            row["counts"][ballot.option] += 1
            row["turnout"]["took_part"] += 1
            if ballot.cast_by != voter.person:
                row["turnout"]["by_proxy"] += 1
    overall = {
        "counts": dict.fromkeys(OPTIONS, 0),
        "turnout": {"eligible": 0, "took_part": 0, "by_proxy": 0},
    }
    for row in parties.values():
        for option in OPTIONS:
            overall["counts"][option] += row["counts"][option]
        for key in ("eligible", "took_part", "by_proxy"):
            overall["turnout"][key] += row["turnout"][key]
    in_order = [parties[name] for name in sorted(parties)]
    reasons = reference_reasons(overall, in_order, rules)
    return {"carried": not reasons, **overall, "parties": in_order, "reasons": reasons}


def reference_reasons(overall: dict, in_order: list[dict], rules) -> list[dict]:
    """Each rule checked by hand, in the order the result lists its reasons."""
    reasons = []
    if overall["turnout"]["took_part"] < rules.quorum * overall["turnout"]["eligible"]:
        reasons.append({"code": "quorum", "party": None})
    if rules.party_quorum is not None:
        for p in in_order:
            if p["turnout"]["took_part"] < rules.party_quorum * p["turnout"]["eligible"]:
                reasons.append({"code": "party_quorum", "party": p["party"]})
    agree, against = (
        overall["counts"]["agree"],
        overall["counts"]["disagree"] + overall["counts"]["block"],
    )
    if rules.majority == "two_thirds":
        holds = agree + against > 0 and 3 * agree >= 2 * (agree + against)
    else:
        holds = agree > against
    if not holds:
        reasons.append({"code": "majority", "party": None})
    if rules.majority == "concurrent":
        for p in in_order:
            c = p["counts"]
            if (
                c["agree"] + c["disagree"] + c["block"] > 0
                and not c["agree"] > c["disagree"] + c["block"]
            ):
                reasons.append({"code": "party_majority", "party": p["party"]})
    for p in in_order:
        if p["party"] in rules.veto and 2 * p["counts"]["block"] > p["turnout"]["took_part"]:
            reasons.append({"code": "veto", "party": p["party"]})
    return reasons


@PROPERTIES
@given(random_votes())
def test_a_random_vote_is_counted_as_the_reference_count_counts_it(vote):
    assert tally(*vote).as_json() == reference_count(*vote)


@PROPERTIES
@given(random_votes(), st.randoms(use_true_random=False))
def test_the_order_of_ballots_proxies_and_roster_never_changes_the_result(vote, rng):
    roster, ballots, proxies, rules = vote
    shuffled = [list(items) for items in (roster, ballots, proxies)]
    for items in shuffled:
        rng.shuffle(items)

    assert tally(*shuffled, rules) == tally(*vote)


@PROPERTIES
@given(random_votes())
def test_a_recount_of_the_stored_ballots_gives_the_same_result(vote):
    roster, ballots, proxies, rules = vote
    first = tally(roster, ballots, proxies, rules)
    stored = json.dumps([asdict(ballot) for ballot in ballots])

    recount = tally(roster, [Ballot(**row) for row in json.loads(stored)], proxies, rules)

    assert recount == first
    assert json.loads(json.dumps(recount.as_json())) == first.as_json()
