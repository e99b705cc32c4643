"""Property companies at year end: a company's property matters' ratings (by the grids of its
compounds) and its inspection marks weigh into a score out of 100 and a rank; a company with
nothing to judge has neither; its integrity file lists each rating month, inspection and yellow
card in order; an organiser inspects only its own community's companies."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert

from gongzhi.district import load_district
from gongzhi.testing.system import SAMPLE_DISTRICT
from gongzhi.testing.units import an_event, migrated_session_fixture
from scoring import model, property
from scoring.assessment_facts import record_rating, record_transition
from scoring.assessment_plan import plan_of

session = migrated_session_fixture("scoring")
NOW = datetime(2026, 12, 2, tzinfo=UTC)
HONGXING, ANJU = "pc-hongxing", "pc-anju"
GRID = "620502001001002"  # one of Hongxing's compounds' grids in the sample


@pytest.fixture
def plan():
    return plan_of(load_district(SAMPLE_DISTRICT))


@pytest.fixture
def rated(session, plan):
    def rated(issue, verdict, on, category="property-dispute", grid=GRID):
        owner = {"kind": "department", "id": "property-office"}
        step = {"issue_id": issue, "category": category, "grid": {"code": grid, "name": "网格"}}
        step |= {"owner": owner, "from_owner": None, "action": "assign", "clocks": []}
        event = an_event("routing.issue.transitioned.v1", step | {"at": f"{on}T09:00:00+08:00"})
        record_transition(event, session=session, outbox=None, plan=plan)
        rating = {"issue_id": issue, "verdict": verdict, "owner": owner, "category": category}
        event = an_event(
            "scoring.rating.recorded.v1", rating | {"rated_at": f"{on}T18:00:00+08:00"}
        )
        record_rating(event, session=session, outbox=None, plan=plan)

    return rated


def inspect(session, plan, company, on, mark, by="620502001001"):
    wanted = property.Inspection(company, date.fromisoformat(on), mark, "消防通道畅通")
    return property.record(session, wanted, by, plan.assessment, NOW)


def test_the_year_ranks_by_satisfaction_and_inspection_marks(session, plan, rated):
    rated("i-1", "satisfied", "2026-03-01")
    rated("i-2", "unsatisfied", "2026-04-01")
    rated("i-3", "satisfied", "2025-12-30")  # last year
    rated("i-4", "unsatisfied", "2026-05-01", category="blocked-sewer")  # no property matter
    inspect(session, plan, HONGXING, "2026-06-01", 90)
    inspect(session, plan, HONGXING, "2026-09-01", 70)
    inspect(session, plan, ANJU, "2026-06-02", 95, by="620502001002")
    [anju, hongxing] = property.ranking(session, 2026, plan.assessment)
    assert (anju["company"], anju["rank"], anju["score"]) == (ANJU, 1, 95.0)
    assert hongxing["ratings"] == {"count": 2, "satisfied": 1, "basically": 0, "unsatisfied": 1}
    assert (hongxing["satisfaction"], hongxing["inspection_mark"]) == (0.5, 80.0)
    assert (hongxing["rank"], hongxing["score"]) == (2, 65.0)  # 50 x 50% + 50 x 80, over 100


def test_a_company_with_nothing_to_judge_has_no_score_nor_rank(session, plan):
    ranked = property.ranking(session, 2026, plan.assessment)
    assert [(row["score"], row["rank"]) for row in ranked] == [(None, None), (None, None)]


def test_an_organiser_inspects_its_own_communitys_companies_alone(session, plan):
    with pytest.raises(property.NotFound):
        inspect(session, plan, ANJU, "2026-06-01", 80)  # Anju is 620502001002's
    with pytest.raises(property.NotFound):
        inspect(session, plan, "pc-nobody", "2026-06-01", 80)


def test_the_integrity_file_lists_every_entry_in_order(session, plan, rated):
    rated("i-1", "satisfied", "2026-03-01")
    rated("i-2", "basically", "2026-03-20")
    inspect(session, plan, HONGXING, "2026-03-10", 88)
    card = {"month": "2026-04", "owner_kind": "property_company", "owner_id": HONGXING}
    card |= {"cases": 6, "score": 70.0, "threshold": 80.0, "figures": {}, "card": True}
    session.execute(
        insert(model.assessments).values(card | {"at": datetime(2026, 5, 1, tzinfo=UTC)})
    )
    entries = property.file_of(session, HONGXING, plan.assessment)
    assert [(entry["kind"], entry["on"]) for entry in entries] == [
        ("inspection", "2026-03-10"),
        ("ratings", "2026-03-20"),
        ("yellow_card", "2026-05-01"),
    ]
    assert entries[1]["ratings"] == {"count": 2, "satisfied": 1, "basically": 1, "unsatisfied": 0}
    assert (entries[0]["mark"], entries[2]["score"]) == (88.0, 70.0)
