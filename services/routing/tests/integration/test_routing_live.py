"""Routing running against the real broker and database, on a clock the test moves: a report
posted through intake gets its grid, owner and reply deadline, visible in intake's Open311
view; left unreplied it turns yellow, then red, and climbs one tier, and both tiers hear.
Calls to routing's API carry the key of the grid worker who owns the case."""

from datetime import datetime

import pytest

from gongzhi import workdays
from gongzhi.testing.system import eventually
from gongzhi.testing.units import FakeClock

pytestmark = pytest.mark.integration
GRID = "620502001001001"
COMMUNITY = "620502001001"
GRID_WORKER = f"gw-{GRID}"


def keyed(key: str) -> dict[str, dict[str, str]]:
    return {"headers": {"X-Api-Key": key}}


def case(system, issue_id: str, key: str) -> dict:
    return system.get("routing", f"/api/v1/cases/{issue_id}", **keyed(key)).json()


def known(system, issue_id: str, key: str) -> bool:
    return system.get("routing", f"/api/v1/cases/{issue_id}", **keyed(key)).status_code == 200


def clock_of(found: dict, name: str) -> dict:
    return next(c for c in found["clocks"] if c["clock"] == name)


def test_a_report_gets_its_grid_owner_and_expected_datetime_in_open311(system, clock, report):
    system.start("intake", "routing")
    issue_id = report()

    def routed() -> dict | None:
        found = system.get("intake", f"/open311/v2/requests/{issue_id}.json").json()[0]
        return found if found["expected_datetime"] else None

    found = eventually(routed)
    assert found["expected_datetime"] == "2026-10-13T10:00:00+08:00"  # National Day, 调休
    assert found["address_id"] == GRID
    assert f"gw-{GRID}" in found["agency_responsible"]


def test_a_complex_report_on_2_december_has_its_reply_due_while_its_red_time_is_provisional(
    system, report, keys
):
    """December of the last year whose holidays are published: the reply is due within it,
    the red time falls in the next year, reckoned by rule."""
    last = max(workdays.published_years())
    system.clock = FakeClock(datetime.fromisoformat(f"{last}-12-02T10:00:00+08:00"))
    system.start("intake", "routing")
    viewer = keys.issue("12345-monitor", "viewer")
    issue_id = report("property-dispute")  # complex: reply in 15 working days, red after 25

    def expected() -> str | None:
        found = system.get("intake", f"/open311/v2/requests/{issue_id}.json").json()[0]
        return found["expected_datetime"]

    expected_at = datetime.fromisoformat(eventually(expected))
    reply = clock_of(case(system, issue_id, viewer), "reply")
    assert (expected_at.year, expected_at.month) == (last, 12)
    assert datetime.fromisoformat(reply["deadline"]) == expected_at
    assert datetime.fromisoformat(reply["red_at"]).year == last + 1
    assert reply["provisional"] == ["red_at"]
    assert "unscheduled" not in reply
    # Red times of the reply and resolution clocks (the resolution's deadline too) counted.
    eventually(lambda: system.metric("routing", "gongzhi_routing_provisional_clocks") == 2)
    assert system.metric("routing", "gongzhi_routing_unscheduled_clocks") == 0


def test_an_unreplied_case_turns_yellow_then_red_and_climbs_to_the_community(
    system, clock, report, keys
):
    system.start("intake", "routing", "notify")
    worker = keys.issue(GRID_WORKER, "grid_worker")
    issue_id = report()
    eventually(lambda: known(system, issue_id, worker))
    accepted = system.post(
        "routing",
        f"/api/v1/cases/{issue_id}/actions",
        json={"action": "accept", "actor": "owner", "actor_id": GRID_WORKER},
        **keyed(worker),
    )
    assert accepted.status_code == 200, accepted.text

    clock.advance(
        (datetime.fromisoformat("2026-10-13T10:00:01+08:00") - clock.now()).total_seconds()
    )
    eventually(lambda: clock_of(case(system, issue_id, worker), "reply")["light"] == "yellow")
    assert case(system, issue_id, worker)["tier"] == "grid"

    red_at = datetime.fromisoformat(clock_of(case(system, issue_id, worker), "reply")["red_at"])
    clock.advance((red_at - clock.now()).total_seconds() + 1)
    moved = eventually(
        lambda: (found := case(system, issue_id, worker))["tier"] == "community" and found
    )
    assert moved["owner"] == {"kind": "community", "id": COMMUNITY}
    escalation = next(step for step in moved["history"] if step["action"] == "escalate")
    assert escalation["actor"] == "system"
    assert "reply clock red" in escalation["reason"]

    operator = {"X-Api-Key": system.key("notify", "operator")}

    def told() -> set[str]:
        path = f"/api/v1/deliveries?subject={issue_id}"
        found = system.get("notify", path, headers=operator).json()["deliveries"]
        return {d["recipient"] for d in found}

    eventually(lambda: {f"gw-{GRID}", COMMUNITY} <= told())
    assert system.metric("routing", "gongzhi_routing_escalations_total") == 1


def test_an_action_the_lifecycle_forbids_is_refused_with_its_reason(system, clock, report, keys):
    system.start("intake", "routing")
    worker = keys.issue(GRID_WORKER, "grid_worker")
    issue_id = report()
    eventually(lambda: known(system, issue_id, worker))
    response = system.post(
        "routing",
        f"/api/v1/cases/{issue_id}/actions",
        json={"action": "close", "actor": "owner"},
        **keyed(worker),
    )
    assert response.status_code == 409
    assert "close" in response.json()["message"]
    missing = system.post(
        "routing",
        "/api/v1/cases/nope/actions",
        json={"action": "accept", "actor": "owner"},
        **keyed(worker),
    )
    assert missing.status_code == 404


def test_work_queues_put_the_most_urgent_first(system, clock, report, keys):
    system.start("intake", "routing")
    worker = keys.issue(GRID_WORKER, "grid_worker")
    first = report()
    clock.advance(3600)
    second = report("neighbour-dispute")  # another matter: not a co-report
    eventually(lambda: case(system, second, worker).get("clocks"))
    clock.advance(4 * 3600 - 1800)  # the first case's response clock has turned yellow
    eventually(lambda: case(system, first, worker)["light"] == "yellow")
    queue = system.get(
        "routing",
        "/api/v1/work",
        params={"owner_kind": "grid_worker", "owner_id": GRID_WORKER},
        **keyed(worker),
    ).json()["cases"]
    assert [c["issue_id"] for c in queue][:2] == [first, second]
    stats = system.get("routing", "/api/v1/stats/tier", **keyed(worker)).json()["counts"]
    assert {row["tier"]: row["open"] for row in stats} == {"grid": 2}
