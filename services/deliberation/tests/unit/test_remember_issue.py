"""Deliberation remembers every assigned issue, so a council can later be proposed on it."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from deliberation import model
from deliberation.handlers import remember_issue
from gongzhi.clock import as_utc
from gongzhi.envelope import Event
from gongzhi.testing.units import FakeClock, an_event, outbox_events, outbox_for, session_fixture

session = session_fixture(model.metadata)


@pytest.fixture
def remember(session, policy):
    def remember(event: Event) -> None:
        clock = FakeClock()
        outbox = outbox_for(session, model.metadata, clock, service="deliberation")
        remember_issue(event, session=session, outbox=outbox, clock=clock, policy=policy)

    return remember


def assigned(grid: dict | None, tier: str, at: str = "2024-05-06T09:31:00+00:00") -> Event:
    data = {
        "issue_id": "r1",
        "category": "property-dispute",
        "grid": grid,
        "tier": tier,
        "owner": {"kind": "community", "id": "620502001001"},
        "assigned_at": at,
    }
    return an_event("routing.issue.assigned.v1", data)


def known_issues(session: Session) -> list[dict]:
    return [dict(row) for row in session.execute(select(model.known_issues)).mappings()]


def test_an_assigned_issue_is_remembered_with_its_grid_and_tier(remember, session):
    remember(assigned({"code": "620502001001001", "name": "第1网格"}, tier="community"))
    [issue] = known_issues(session)
    assert (issue["id"], issue["category"]) == ("r1", "property-dispute")
    assert (issue["grid_code"], issue["tier"]) == ("620502001001001", "community")
    assert as_utc(issue["assigned_at"]) == datetime(2024, 5, 6, 9, 31, tzinfo=UTC)


def test_an_issue_outside_every_grid_is_remembered_without_one(remember, session):
    remember(assigned(None, tier="street"))
    [issue] = known_issues(session)
    assert (issue["grid_code"], issue["tier"]) == (None, "street")


def test_remembering_an_issue_announces_nothing(remember, session):
    remember(assigned(None, tier="street"))
    assert outbox_events(session, model.metadata) == []


def test_an_escalated_issue_is_remembered_at_its_new_tier(remember, session):
    grid = {"code": "620502001001001", "name": "第1网格"}
    remember(assigned(grid, tier="grid"))
    remember(assigned(grid, tier="community", at="2024-05-20T09:31:00+00:00"))
    [issue] = known_issues(session)
    assert issue["tier"] == "community"
    assert as_utc(issue["assigned_at"]) == datetime(2024, 5, 20, 9, 31, tzinfo=UTC)


def test_an_older_move_arriving_late_does_not_undo_a_newer_one(remember, session):
    grid = {"code": "620502001001001", "name": "第1网格"}
    remember(assigned(grid, tier="street", at="2024-05-20T09:31:00+00:00"))
    remember(assigned(grid, tier="grid"))
    [issue] = known_issues(session)
    assert issue["tier"] == "street"
