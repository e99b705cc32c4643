"""What routing takes from a council: the decision as the answer of each promoted case, and a
task of the plan as a case of its owner."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from gongzhi.retry import Rejected
from routing import model
from routing.schemas import ActionIn

from .test_case_flow import inside_grid

DECISION = {
    "text": "经居民代表大会表决通过: 增设非机动车棚两处, 物业于十五个工作日内完工",
    "photos": [],
}


def decided(*issue_ids: str, matter_id: str = "m-1") -> dict:
    return {
        "matter_id": matter_id,
        "community": "620502001001",
        "title": "非机动车停放",
        "carried": True,
        "answer": DECISION,
        "issue_ids": list(issue_ids),
        "decided_at": "2026-10-09T10:00:00+08:00",
    }


def task(**changes) -> dict:
    return {
        "task_id": "t-1",
        "matter_id": "m-1",
        "community": "620502001001",
        "title": "核查车棚选址的房屋结构安全",
        "category": "dangerous-house",
        "tier": "street",
        "owner": {"kind": "department", "id": "housing"},
        "due_at": "2026-10-30T17:30:00+08:00",
        "assigned_at": "2026-10-09T10:00:00+08:00",
    } | changes


def case(desk, issue_id: str) -> dict:
    row = desk.session.execute(select(model.issues).where(model.issues.c.id == issue_id))
    return dict(row.mappings().one())


@pytest.fixture
def point(district):
    return inside_grid(district)


def test_a_decision_answers_each_promoted_case_and_stops_its_reply_clock(desk, point):
    desk.report("r1", "disorderly-parking", point)
    desk.report("r2", "disorderly-parking", point)
    desk.act("r2", "accept")
    desk.events()
    desk.council("matter.decided", decided("r1", "r2", "not-here"))
    for issue_id in ("r1", "r2"):
        assert case(desk, issue_id)["status"] == "replied"
        assert case(desk, issue_id)["matter_id"] == "m-1"
        assert desk.clocks(issue_id)["reply"]["stopped_at"] is not None
        assert desk.clocks(issue_id)["resolution"]["stopped_at"] is None  # still to be done
    told = desk.events("transitioned")
    assert [(e.subject, e.data["action"], e.data["actor"]) for e in told] == [
        ("r1", "decide", "system"),
        ("r2", "decide", "system"),
    ]
    assert all(e.data["answer"] == DECISION for e in told)


def test_a_resolved_case_keeps_its_status_but_takes_the_decision_as_its_answer(desk, point):
    desk.report("r1", "disorderly-parking", point)
    desk.settle("r1")
    desk.events()
    desk.council("matter.decided", decided("r1"))
    assert case(desk, "r1")["status"] == "resolved"
    [told] = desk.events("transitioned")
    assert told.data["answer"] == DECISION
    assert told.data["status"] == "resolved"


def test_a_task_becomes_a_case_of_its_owner_linked_to_the_matter(desk):
    desk.council("task.assigned", task())
    opened = case(desk, "t-1")
    assert (opened["owner_kind"], opened["owner_id"], opened["tier"]) == (
        "department",
        "housing",
        "street",
    )
    assert (opened["origin"], opened["matter_id"], opened["status"]) == (
        "deliberation",
        "m-1",
        "assigned",
    )
    assert set(desk.clocks("t-1")) == {"response", "reply", "resolution"}
    [assigned] = desk.events("assigned")
    assert assigned.data["owner"] == {"kind": "department", "id": "housing"}
    assert assigned.data["reason"] == "task: 核查车棚选址的房屋结构安全"
    desk.council("task.assigned", task())  # announced again: still one case, nothing new said
    assert desk.events() == []


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"owner": {"kind": "department", "id": "no-such"}}, "no department 'no-such'"),
        ({"category": "no-such"}, "unknown category 'no-such'"),
        ({"tier": "province"}, "unknown tier 'province'"),
    ],
)
def test_a_task_routing_cannot_own_is_refused_with_the_reason(desk, changes, why):
    with pytest.raises(Rejected, match=why):
        desk.council("task.assigned", task(**changes))
    assert desk.session.execute(select(model.issues)).first() is None


def test_nobody_may_decide_a_case_through_the_api():
    errors = ActionIn().validate({"action": "decide", "actor": "supervisor"})
    assert "action" in errors


def test_the_time_of_a_task_case_is_when_the_plan_gave_it(desk):
    desk.council("task.assigned", task())
    assert case(desk, "t-1")["reported_at"].replace(tzinfo=UTC) == datetime(
        2026, 10, 9, 2, tzinfo=UTC
    )
