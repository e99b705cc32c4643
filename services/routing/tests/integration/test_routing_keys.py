"""Routing's HTTP API behind API keys, live: no key no answer, a grid worker acts on its own
cases only and never as a supervisor, a supervisor approves, a viewer reads, a key past its
rate is told when to come back; /metrics and /health stay open."""

import pytest

from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
GRID = "620502001001001"
GRID_WORKER = f"gw-{GRID}"
NEIGHBOUR = "gw-620502001001002"  # the grid worker of the next grid
SUPERVISOR = "gs-620502001"
READS = ("/api/v1/work?community=620502001001", "/api/v1/stats/tier", "/api/v1/cases/nope")


def keyed(key: str) -> dict[str, dict[str, str]]:
    return {"headers": {"X-Api-Key": key}}


def act(system, issue_id: str, key: str | None, **action: str):
    headers = keyed(key) if key else {}
    return system.post("routing", f"/api/v1/cases/{issue_id}/actions", json=action, **headers)


@pytest.fixture
def case(system, report, keys) -> str:
    """A case routing has given to GRID's grid worker."""
    system.start("intake", "routing")
    viewer = keys.issue("dashboard", "viewer")
    issue_id = report()
    path = f"/api/v1/cases/{issue_id}"
    eventually(lambda: system.get("routing", path, **keyed(viewer)).status_code == 200)
    return issue_id


def history(system, issue_id: str, key: str) -> list[dict]:
    return system.get("routing", f"/api/v1/cases/{issue_id}", **keyed(key)).json()["history"]


class TestNoKeyNoAnswer:
    def test_every_api_call_without_a_key_is_a_403(self, system, case):
        for path in (*READS, f"/api/v1/cases/{case}"):
            answer = system.get("routing", path)
            assert answer.status_code == 403, path
            assert answer.json()["error"] == "forbidden"
        assert act(system, case, None, action="accept", actor="owner").status_code == 403

    def test_an_unknown_key_is_a_403(self, system, case):
        forged = "gz_" + "x" * 43

        assert system.get("routing", f"/api/v1/cases/{case}", **keyed(forged)).status_code == 403
        assert act(system, case, forged, action="accept", actor="owner").status_code == 403

    def test_a_revoked_key_is_a_403(self, system, case, keys):
        worker = keys.issue(GRID_WORKER, "grid_worker")
        assert system.get("routing", f"/api/v1/cases/{case}", **keyed(worker)).status_code == 200

        keys.revoke(worker)

        assert system.get("routing", f"/api/v1/cases/{case}", **keyed(worker)).status_code == 403
        assert act(system, case, worker, action="accept", actor="owner").status_code == 403

    def test_metrics_and_health_need_no_key(self, system, case):
        for path in ("/metrics", "/health/live", "/health/ready"):
            assert system.get("routing", path).status_code == 200, path


class TestOwners:
    def test_a_grid_worker_acts_on_its_own_case_and_the_history_names_it(self, system, case, keys):
        worker = keys.issue(GRID_WORKER, "grid_worker")

        accepted = act(system, case, worker, action="accept", actor="owner")

        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["status"] == "accepted"
        [step] = [s for s in history(system, case, worker) if s["action"] == "accept"]
        assert step["actor_id"] == GRID_WORKER

    def test_a_grid_worker_may_not_act_on_another_grid_workers_case(self, system, case, keys):
        neighbour = keys.issue(NEIGHBOUR, "grid_worker")

        refused = act(system, case, neighbour, action="accept", actor="owner")

        assert refused.status_code == 403
        reason = f"{NEIGHBOUR} does not own this case: {GRID_WORKER} does"
        assert refused.json()["message"] == reason
        assert [s["action"] for s in history(system, case, neighbour)] == ["assign"]

    def test_a_grid_worker_claiming_to_be_a_supervisor_is_refused(self, system, case, keys):
        worker = keys.issue(GRID_WORKER, "grid_worker")
        act(system, case, worker, action="request_pause", actor="owner", reason="等待业主回国")

        refused = act(system, case, worker, action="approve", actor="supervisor")

        assert refused.status_code == 403
        assert refused.json()["message"] == "a grid_worker key may not act as supervisor"

    def test_an_actor_id_other_than_the_keys_holder_is_a_400(self, system, case, keys):
        worker = keys.issue(GRID_WORKER, "grid_worker")

        refused = act(system, case, worker, action="accept", actor="owner", actor_id=NEIGHBOUR)

        assert refused.status_code == 400
        assert refused.json()["error"] == "not_the_holder"


class TestOversight:
    def test_a_supervisor_approves_a_pause_the_owner_asked_for(self, system, case, keys):
        worker = keys.issue(GRID_WORKER, "grid_worker")
        supervisor = keys.issue(SUPERVISOR, "supervisor")
        asked = act(system, case, worker, action="request_pause", actor="owner", reason="等待业主")
        assert asked.status_code == 200, asked.text

        approved = act(system, case, supervisor, action="approve", actor="supervisor")

        assert approved.status_code == 200, approved.text
        assert approved.json()["paused"] is True
        [step] = [s for s in history(system, case, supervisor) if s["action"] == "approve"]
        assert (step["actor"], step["actor_id"]) == ("supervisor", SUPERVISOR)

    def test_a_supervisor_may_not_act_as_the_owner(self, system, case, keys):
        supervisor = keys.issue(SUPERVISOR, "supervisor")

        refused = act(system, case, supervisor, action="accept", actor="owner")

        assert refused.status_code == 403
        assert refused.json()["message"] == "a supervisor key may not act as owner"

    def test_a_viewer_reads_the_work_queue_but_may_not_act(self, system, case, keys):
        viewer = keys.issue("dashboard", "viewer")
        queue = {"owner_kind": "grid_worker", "owner_id": GRID_WORKER}

        by_header = system.get("routing", "/api/v1/work", params=queue, **keyed(viewer))
        by_query = system.get("routing", "/api/v1/work", params={**queue, "api_key": viewer})

        assert by_header.status_code == by_query.status_code == 200, by_query.text
        assert [c["issue_id"] for c in by_header.json()["cases"]] == [case]
        assert by_query.json() == by_header.json()
        for actor in ("owner", "supervisor", "system"):
            refused = act(system, case, viewer, action="escalate", actor=actor, reason="试试")
            assert refused.status_code == 403, actor
            assert refused.json()["message"] == f"a viewer key may not act as {actor}"

    def test_a_key_in_the_query_string_counts_only_on_a_get(self, system, case, keys):
        worker = keys.issue(GRID_WORKER, "grid_worker")
        path = f"/api/v1/cases/{case}/actions?api_key={worker}"

        refused = system.post("routing", path, json={"action": "accept", "actor": "owner"})

        assert refused.status_code == 403


def test_a_key_past_its_rate_is_told_when_to_come_back(system, keys):
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "2", "GONGZHI_RATE_BURST": "3"}
    system.start("routing")
    viewer = keys.issue("dashboard", "viewer")
    other = keys.issue("another dashboard", "viewer")

    statuses = [
        system.get("routing", "/api/v1/stats/light", **keyed(viewer)).status_code for _ in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
    limited = system.get("routing", "/api/v1/stats/light", **keyed(viewer))
    assert limited.status_code == 429
    assert limited.json()["error"] == "too_many_requests"
    assert 1 <= int(limited.headers["Retry-After"]) <= 30
    assert system.get("routing", "/api/v1/stats/light", **keyed(other)).status_code == 200


def test_a_co_handler_reports_its_own_task_done(system, report, keys):
    system.start("intake", "routing")
    housing = keys.issue("housing", "staff")
    viewer = keys.issue("dashboard", "viewer")
    issue_id = report("illegal-structure")  # the community leads; housing checks the deeds
    path = f"/api/v1/cases/{issue_id}"
    eventually(lambda: system.get("routing", path, **keyed(viewer)).status_code == 200)

    assert system.post("routing", f"{path}/tasks/done", **keyed(viewer)).status_code == 403
    done = system.post("routing", f"{path}/tasks/done", **keyed(housing))
    assert done.status_code == 200, done.text
    [task] = done.json()["co_handlers"]
    assert (task["owner"]["id"], task["done_at"] is not None) == ("housing", True)
    assert done.json()["owner"]["kind"] == "community"  # the lead keeps the case
    again = system.post("routing", f"{path}/tasks/done", **keyed(housing))
    assert again.status_code == 409
