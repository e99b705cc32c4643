"""Who hears what of a case's life: both tiers on a move, co-handlers of their task, the owner
of a light that turns, supervisors ahead of it."""

import pytest

from gongzhi.envelope import Event
from gongzhi.testing.units import FakeClock, an_event, outbox_for, session_fixture
from notify import handlers, model
from notify.handlers import deliveries_about

GRID_WORKER = {"kind": "grid_worker", "id": "gw-620502001001001"}
COMMUNITY = {"kind": "community", "id": "620502001001"}


session = session_fixture(model.metadata)


@pytest.fixture
def handle(session):
    clock = FakeClock()

    def handle(handler, event: Event) -> list[tuple[str, str]]:
        outbox = outbox_for(session, model.metadata, clock, service="notify", cause=event)
        handler(event, session=session, outbox=outbox, clock=clock)
        return [(d["recipient"], d["template"]) for d in deliveries_about(session, "r1")]

    return handle


def event(kind: str, **data) -> Event:
    data = {"issue_id": "r1", "category": "blocked-sewer", "tier": "grid", **data}
    return an_event(f"routing.issue.{kind}.v1", data)


def test_an_escalation_tells_the_tier_it_left_and_the_tier_it_reached(handle):
    escalated = event(
        "assigned",
        action="escalate",
        owner=COMMUNITY,
        from_owner=GRID_WORKER,
        reason="reply clock red: not done within 15d",
        grid={"code": "620502001001001", "name": "第1网格"},
        co_handlers=[],
    )
    told = handle(handlers.notify_assignee, escalated)
    assert told == [("620502001001", "issue.assigned"), ("gw-620502001001001", "issue.moved")]


def test_co_handlers_hear_their_task_when_the_case_is_first_assigned(handle):
    assigned = event(
        "assigned",
        action="assign",
        owner={"kind": "department", "id": "housing"},
        from_owner=None,
        grid=None,
        co_handlers=[{"owner": {"kind": "street", "id": "620502001"}, "task": "组织居民临时撤离"}],
    )
    told = handle(handlers.notify_assignee, assigned)
    assert told == [("housing", "issue.assigned"), ("620502001", "issue.co_handler")]


def test_the_owner_hears_when_a_light_turns(handle, session):
    turned = event(
        "light_changed", clock="reply", from_light="green", to_light="yellow", owner=GRID_WORKER
    )
    assert handle(handlers.tell_owner_of_light, turned) == [
        ("gw-620502001001001", "issue.light.yellow")
    ]
    assert "黄灯" in deliveries_about(session, "r1")[0]["body"]


def test_supervisors_are_warned_before_the_light_turns(handle):
    warned = event(
        "warned",
        clock="reply",
        light="red",
        turns_at="2026-10-27T02:00:00+00:00",
        owner=GRID_WORKER,
        supervisors=["gs-620502001001"],
    )
    assert handle(handlers.warn_supervisors, warned) == [("gs-620502001001", "issue.warned.red")]
