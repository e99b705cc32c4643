"""What the public board says of a vote, in words: every reason a vote was not carried, each
with its party's name, and the district's own groups by the names its config gives them."""

import pytest

from deliberation import words


def failed(*reasons: dict) -> dict:
    return {"carried": False, "reasons": list(reasons)}


def test_a_carried_vote_is_passed():
    assert words.verdict({"carried": True, "reasons": []}, "simple", {}) == "通过"


def test_a_party_short_of_its_quorum_is_named():
    missed = failed({"code": "party_quorum", "party": "property_company"})
    assert words.verdict(missed, "simple", {}) == "未通过：物业公司一方未达到法定人数"


def test_every_reason_is_given_in_the_order_of_the_count():
    missed = failed(
        {"code": "quorum", "party": None},
        {"code": "party_majority", "party": "owners_committee"},
        {"code": "veto", "party": "owners_committee"},
    )
    assert words.verdict(missed, "concurrent", {}) == (
        "未通过：投票人数未达到法定人数；业主委员会一方赞成票未超过反对票；业主委员会一方否决"
    )


@pytest.mark.parametrize(
    ("majority", "text"),
    [
        ("simple", "赞成票未超过反对票"),
        ("two_thirds", "赞成票未达到三分之二"),
        ("concurrent", "赞成票未超过反对票"),
    ],
)
def test_the_majority_missed_is_the_one_the_rules_asked(majority, text):
    assert words.reason_text({"code": "majority", "party": None}, majority, {}) == text


def test_the_districts_own_groups_go_by_their_configured_names():
    deputies = {"code": "party_quorum", "party": "deputies"}
    assert words.reason_text(deputies, "simple", {"deputies": "两代表一委员"}) == (
        "两代表一委员一方未达到法定人数"
    )
    assert words.party_name("a_named_party", {}) == "a_named_party"
