"""Topic subscriptions through notify's API: a staff key's holder chooses their own grids and
categories, sees them back, and hears of a new case there; another role is refused; an unknown
grid is a 400 naming it and changes nothing."""

import pytest

pytestmark = pytest.mark.integration
COMMUNITY = "620502001001"
PATH = "/api/v1/subscriptions"


def test_a_holder_chooses_topics_and_a_bad_one_changes_nothing(system):
    system.start("notify")
    mine = {"X-Api-Key": system.key("notify", "staff", "secretary-1")}
    chosen = system.put("notify", PATH, json={"topics": [f"grid:{COMMUNITY}"]}, headers=mine)
    assert chosen.status_code == 200, chosen.text
    assert chosen.json() == {"recipient": "secretary-1", "topics": [f"grid:{COMMUNITY}"]}

    refused = system.put("notify", PATH, json={"topics": ["grid:999"]}, headers=mine)
    assert refused.status_code == 400
    assert refused.json()["details"] == {"topics": {"0": ["the district has no grid '999'"]}}
    assert system.get("notify", PATH, headers=mine).json()["topics"] == [f"grid:{COMMUNITY}"]


@pytest.mark.parametrize("role", ["operator", "integrator", "gateway", None])
def test_only_a_staff_key_chooses_topics(system, role):
    system.start("notify")
    headers = {"X-Api-Key": system.key("notify", role)} if role else {}
    for answer in (
        system.get("notify", PATH, headers=headers),
        system.put("notify", PATH, json={"topics": []}, headers=headers),
    ):
        assert answer.status_code == 403, answer.text
        assert answer.json()["error"] == "forbidden"
