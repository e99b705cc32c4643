"""Notify tells the owner of a newly assigned issue, and keeps the log of what it sent."""

import pytest

from gongzhi.envelope import Event
from gongzhi.testing.units import FakeClock, an_event, outbox_events, outbox_for, session_fixture
from notify import model
from notify.handlers import deliveries_about, notify_assignee


@pytest.fixture
def clock():
    return FakeClock()


session = session_fixture(model.metadata)


@pytest.fixture
def notify(session, clock):
    def notify(event: Event) -> None:
        outbox = outbox_for(session, model.metadata, clock, service="notify", cause=event)
        notify_assignee(event, session=session, outbox=outbox, clock=clock)

    return notify


def assigned(issue_id: str = "r1", grid: dict | None = None, owner: str = "gw-1") -> Event:
    data = {
        "issue_id": issue_id,
        "category": "blocked-sewer",
        "grid": grid,
        "tier": "grid" if grid else "street",
        "owner": {"kind": "grid_worker" if grid else "street", "id": owner},
        "assigned_at": "2024-05-06T09:31:00+00:00",
    }
    return an_event("routing.issue.assigned.v1", data)


def test_the_grid_worker_is_told_of_an_issue_in_their_grid(notify, session, clock):
    event = assigned(grid={"code": "620502001001001", "name": "西关第一社区第1网格"})
    notify(event)
    [delivery] = deliveries_about(session, "r1")
    assert (delivery["recipient"], delivery["status"]) == ("gw-1", "delivered")
    assert delivery["channel"] == "log"
    assert "blocked-sewer" in delivery["body"]
    assert "西关第一社区第1网格" in delivery["body"]
    assert (delivery["event_id"], delivery["created_at"]) == (event.id, clock.now())


def test_an_issue_outside_every_grid_is_sent_without_a_grid_name(notify, session):
    notify(assigned(grid=None, owner="620502001"))
    [delivery] = deliveries_about(session, "r1")
    assert delivery["recipient"] == "620502001"
    assert "网格 —" in delivery["body"]


def test_deliveries_are_listed_only_for_their_own_issue(notify, session):
    notify(assigned("r1"))
    notify(assigned("r2"))
    assert [d["subject"] for d in deliveries_about(session, "r2")] == ["r2"]
    assert deliveries_about(session, "r3") == []


def test_telling_the_assignee_announces_nothing(notify, session):
    notify(assigned())
    assert outbox_events(session, model.metadata) == []
