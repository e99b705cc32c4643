"""Topic subscriptions on a real SQLite session and the sample district's grid tree: a
community's subscriber hears of a case in any of its grids, a category's of any case of it, and
a topic the district does not have is refused naming it."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from gongzhi.district import load_district
from gongzhi.testing.units import an_event, session_fixture
from notify import model, subscriptions
from notify.rules import RuleSchema, messages_for

SAMPLE = Path(__file__).resolve().parents[4] / "deploy" / "districts" / "xiguan"
GRID, COMMUNITY, STREET = "620502001001001", "620502001001", "620502001"
NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)
session = session_fixture(model.metadata)


@pytest.fixture(scope="module")
def district():
    return load_district(SAMPLE)


def assigned(grid: str | None, category: str = "blocked-sewer"):
    data = {
        "issue_id": "c1",
        "action": "assign",
        "category": category,
        "grid": {"code": grid, "name": "西关第一社区第1网格"} if grid else None,
        "owner": {"kind": "grid_worker", "id": f"gw-{grid}"},
    }
    return an_event("routing.issue.assigned.v1", data)


def test_a_case_reaches_those_watching_its_grid_a_grid_above_it_or_its_category(session, district):
    subscriptions.replace(session, "secretary-1", [f"grid:{COMMUNITY}"], NOW)
    subscriptions.replace(session, "street-office", [f"grid:{STREET}"], NOW)
    subscriptions.replace(session, "water-dept", ["category:blocked-sewer"], NOW)
    subscriptions.replace(session, "other-community", ["grid:620502001002"], NOW)

    found = subscriptions.subscribers(session, assigned(GRID).data, district)
    assert found == ["secretary-1", "street-office", "water-dept"]
    elsewhere = assigned(None, category="illegal-structure")
    assert subscriptions.subscribers(session, elsewhere.data, district) == []


def test_the_rules_audience_of_subscribers_is_who_the_handler_looked_up(session):
    rule = RuleSchema().load(
        {
            "event": "routing.issue.assigned.v1",
            "to": ["subscribers"],
            "template": "issue.watched",
            "chain": ["inbox"],
        }
    )
    owed = messages_for(assigned(GRID), (rule,), session, {"subscribers": ["secretary-1"]})
    assert [o.recipient for o in owed] == ["secretary-1"]


def test_choosing_topics_again_replaces_them(session):
    subscriptions.replace(session, "secretary-1", [f"grid:{COMMUNITY}", "category:x"], NOW)
    subscriptions.replace(session, "secretary-1", [f"grid:{GRID}", f"grid:{GRID}"], NOW)
    assert subscriptions.of(session, "secretary-1") == [f"grid:{GRID}"]


def test_a_topic_the_district_does_not_have_is_refused_by_its_place(district):
    found = subscriptions.problems(
        [f"grid:{COMMUNITY}", "grid:999", "category:alien-landing", "street:1"], district
    )
    assert found == {
        "1": ["the district has no grid '999'"],
        "2": ["the district has no category 'alien-landing'"],
        "3": ["a topic is grid:<code> or category:<code>, not 'street:1'"],
    }
