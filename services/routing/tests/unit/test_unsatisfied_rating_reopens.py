"""What routing takes from scoring's ratings (一事一评): a resident's or a follow-up's unsatisfied
verdict reopens the resolved case, by the system; its resolution clock starts again, or runs on
from its first start where the district's `on_unsatisfied` says continue. Any other verdict, a
public one, a case routing does not hold or one already reopened changes nothing."""

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import select

from gongzhi.clock import as_utc
from gongzhi.testing.units import an_event
from routing import model, ratings
from routing.config import routing_of

from .test_case_flow import inside_grid


def rated(verdict: str = "unsatisfied", source: str = "resident", issue_id: str = "r1") -> dict:
    return {
        "rating_id": "7d0c5e2a-0b5e-4a57-9a43-3c1f0f4a8e11",
        "issue_id": issue_id,
        "verdict": verdict,
        "source": source,
        "reasons": ["not_fixed"],
        "rated_at": "2026-10-09T10:00:00+08:00",
        "owner": {"kind": "department", "id": "police"},
        "department": "police",
        "community": "620502001001",
        "category": "disorderly-parking",
    }


def take(desk, data: dict) -> None:
    event = an_event("scoring.rating.recorded.v1", data)
    outbox = desk._outbox(event)
    ratings.reopen_on_unsatisfied(
        event, session=desk.session, outbox=outbox, clock=desk.clock, policy=desk.policy
    )


def status(desk, issue_id: str = "r1") -> str:
    query = select(model.issues.c.status).where(model.issues.c.id == issue_id)
    return str(desk.session.execute(query).scalar_one())


@pytest.fixture
def resolved(desk, district):
    desk.report("r1", "disorderly-parking", inside_grid(district))
    desk.settle("r1")
    desk.events()
    desk.clock.advance(timedelta(days=2).total_seconds())
    return desk


@pytest.mark.parametrize("source", ["resident", "follow_up"])
def test_an_unsatisfied_rating_reopens_the_case_and_restarts_its_resolution_clock(resolved, source):
    take(resolved, rated(source=source))
    assert status(resolved) == "in_progress"
    [reopened] = resolved.events("transitioned")
    assert (reopened.data["action"], reopened.data["actor"]) == ("reopen", "system")
    assert "unsatisfied rating" in reopened.data["reason"]
    assert "not_fixed" in reopened.data["reason"]
    resolution = resolved.clocks("r1")["resolution"]
    assert resolution["stopped_at"] is None
    assert as_utc(resolution["started_at"]) == resolved.clock.now()


def continuing(desk) -> None:
    """The desk's district, its routing section with on_unsatisfied: continue."""
    district = desk.policy.district
    policy = dataclasses.replace(routing_of(district), on_unsatisfied="continue")
    sections = {**district.sections, "routing": policy}
    changed = dataclasses.replace(district, sections=sections)
    desk.policy = dataclasses.replace(desk.policy, district=changed)


def test_where_the_district_continues_the_clock_it_runs_on_from_its_first_start(resolved):
    first_start = as_utc(resolved.clocks("r1")["resolution"]["started_at"])
    continuing(resolved)
    take(resolved, rated())
    resolution = resolved.clocks("r1")["resolution"]
    assert status(resolved) == "in_progress"
    assert resolution["stopped_at"] is None
    assert as_utc(resolution["started_at"]) == first_start


def test_a_supervisors_reopening_restarts_the_clock_whatever_the_rating_policy(resolved):
    continuing(resolved)
    resolved.act("r1", "reopen", actor="supervisor", reason="复查未通过")
    resolution = resolved.clocks("r1")["resolution"]
    assert as_utc(resolution["started_at"]) == resolved.clock.now()


@pytest.mark.parametrize(
    "data",
    [
        rated(verdict="satisfied"),
        rated(verdict="basically"),
        rated(source="public"),
        rated(source="default"),
        rated(issue_id="not-routed-here"),
    ],
)
def test_other_ratings_change_nothing(resolved, data):
    take(resolved, data)
    assert status(resolved) == "resolved"
    assert resolved.events() == []


def test_a_second_unsatisfied_rating_of_a_reopened_case_changes_nothing_more(resolved):
    take(resolved, rated())
    resolved.events()
    take(resolved, {**rated(), "rating_id": "another"})
    assert status(resolved) == "in_progress"
    assert resolved.events() == []
