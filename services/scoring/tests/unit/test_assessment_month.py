"""A month's figures counted from routing's steps and the ratings, per owner and community, in
district time; closing the month scores each owner once, and a department under 80 gets one
yellow card, however often the month is closed."""

from datetime import UTC, datetime

import pytest

from gongzhi.district import load_district
from gongzhi.testing.system import SAMPLE_DISTRICT
from gongzhi.testing.units import (
    FakeClock,
    an_event,
    migrated_session_fixture,
    outbox_events,
    outbox_for,
)
from scoring import model
from scoring.assessment_close import close_month, due
from scoring.assessment_facts import record_rating, record_transition
from scoring.assessment_plan import plan_of
from scoring.assessment_views import by_community, by_owner, department_view, month_counts

session = migrated_session_fixture("scoring")
HOUSING = {"kind": "department", "id": "housing"}
STREET = {"kind": "street", "id": "620502001"}
GRID = {"code": "620502001001001", "name": "西关第一社区第1网格"}


@pytest.fixture
def plan():
    return plan_of(load_district(SAMPLE_DISTRICT))


@pytest.fixture
def step(session, plan):
    def step(issue, action, at, owner=HOUSING, came_from=HOUSING, stopped=()):
        clocks = [clock(name, at, on_time) for name, on_time in stopped]
        data = {"issue_id": issue, "category": "heating-pipe", "grid": GRID, "owner": owner}
        data |= {"action": action, "from_owner": came_from, "clocks": clocks, "at": at}
        event = an_event("routing.issue.transitioned.v1", data)
        record_transition(event, session=session, outbox=None, plan=plan)

    return step


@pytest.fixture
def rate(session, plan):
    def rate(issue, verdict, at, owner=HOUSING):
        data = {"rating_id": f"{issue}-{verdict}", "issue_id": issue, "verdict": verdict}
        data |= {"owner": owner, "community": "620502001001", "category": "heating-pipe"}
        event = an_event("scoring.rating.recorded.v1", data | {"rated_at": at})
        record_rating(event, session=session, outbox=None, plan=plan)

    return rate


def clock(name: str, at: str, on_time: bool) -> dict:
    deadline = "2026-12-31T00:00:00+08:00" if on_time else "2026-10-01T00:00:00+08:00"
    return {"clock": name, "light": "green", "stopped_at": at, "deadline": deadline}


def handled(step, issue, day, *, reply_on_time=True, reopened=False):
    """A case housing received, accepted, replied to and resolved on one October day."""
    at = f"2026-10-{day:02d}T10:00:00+08:00"
    step(issue, "assign", at, came_from=STREET)
    step(issue, "accept", at.replace("T10", "T11"), stopped=[("response", True)])
    step(issue, "reply", at.replace("T10", "T12"), stopped=[("reply", reply_on_time)])
    step(issue, "resolve", at.replace("T10", "T13"))
    if reopened:
        step(issue, "reopen", at.replace("T10", "T14"))


def test_a_departments_month_counts_each_figure(step, rate, session, plan):
    handled(step, "i-1", 3)
    handled(step, "i-2", 4, reply_on_time=False, reopened=True)
    step("i-3", "assign", "2026-10-30T10:00:00+08:00", came_from=STREET)  # not yet resolved
    rate("i-1", "satisfied", "2026-10-05T09:00:00+08:00")
    rate("i-2", "basically", "2026-10-06T09:00:00+08:00")
    rate("i-2", "unsatisfied", "2026-10-07T09:00:00+08:00")
    month = department_view(session, "2026-10", "housing", plan)
    assert month["cases"] == 3
    assert month["ratings"] == {"count": 3, "satisfied": 1, "basically": 1, "unsatisfied": 1}
    assert month["figures"] == {
        "response_on_time": 1.0,
        "reply_on_time": 0.5,
        "resolution": pytest.approx(2 / 3),
        "satisfaction": pytest.approx(2 / 3),
        "repeat": 0.5,
    }
    assert month["score"] is None  # 3 cases: under min_cases (5)
    assert (month["closed"], month["card"]) == (False, False)


def test_a_month_is_the_districts_month(step, session):
    step("i-1", "assign", "2026-10-31T23:30:00+08:00", came_from=STREET)  # 15:30 UTC
    step("i-2", "assign", "2026-11-01T00:30:00+08:00", came_from=STREET)  # 31 Oct 16:30 UTC
    assert month_counts(session, "2026-10", by_owner)[("department", "housing")].received == 1
    assert month_counts(session, "2026-11", by_owner)[("department", "housing")].received == 1


def test_a_case_moved_on_counts_for_each_owner_it_received_and_its_community(step, session):
    step("i-1", "assign", "2026-10-03T10:00:00+08:00", owner=STREET, came_from=None)
    step("i-1", "transfer", "2026-10-03T11:00:00+08:00", came_from=STREET)
    owners = month_counts(session, "2026-10", by_owner)
    assert {owner: counts.received for owner, counts in owners.items()} == {
        ("street", "620502001"): 1,
        ("department", "housing"): 1,
    }
    assert month_counts(session, "2026-10", by_community)["620502001001"].cases == 1


def test_a_department_under_80_gets_one_yellow_card_however_often_the_month_closes(
    step, rate, session, plan
):
    for n in range(5):
        handled(step, f"i-{n}", 10 + n, reply_on_time=n == 0)
        rate(f"i-{n}", "unsatisfied" if n else "satisfied", f"2026-10-{20 + n}T09:00:00+08:00")
    clock_now = FakeClock(datetime(2026, 11, 1, 0, 5, tzinfo=UTC))
    assert due(session, plan, clock_now.now()) == "2026-10"
    for _ in range(2):
        outbox = outbox_for(session, model.metadata, clock_now, service="scoring")
        close_month(session, outbox, "2026-10", plan, clock_now.now())
    assert due(session, plan, clock_now.now()) is None
    [card] = outbox_events(session, model.metadata)
    assert card.type == "scoring.card.yellow.v1"
    assert (card.data["owner"], card.data["month"], card.data["threshold"]) == (
        HOUSING,
        "2026-10",
        80.0,
    )
    # 20 on time responding, 20 x 1/5 replying, 20 resolving, 30 x 1/5 content, 10 no repeats
    assert card.data["score"] == 60.0
    month = department_view(session, "2026-10", "housing", plan)
    assert (month["score"], month["closed"], month["card"]) == (60.0, True, True)


def test_a_resolution_that_also_stops_the_reply_clock_counts_both(step, session, plan):
    at = "2026-10-03T10:00:00+08:00"
    step("i-1", "assign", at, came_from=STREET)
    step("i-1", "resolve", at.replace("T10", "T13"), stopped=[("reply", True)])  # no reply first
    month = department_view(session, "2026-10", "housing", plan)
    assert month["figures"]["reply_on_time"] == 1.0
    assert month["figures"]["resolution"] == 1.0
