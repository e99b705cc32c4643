"""A report flows through all five services over RabbitMQ, survives late starters and a broker
restart, and every service's metrics pass promtool."""

import shutil
import subprocess

import pytest
import shapely

from gongzhi.plugins import names
from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
SEWER = {
    "category": "blocked-sewer",
    "lat": 34.5805,
    "long": 105.7203,
    "description": "下水道堵塞,污水漫到路面",
    "channel": "app",
    "reporter_contact": "13800138000",
    "attributes": {"overflowing": "yes", "gas_smell": "no"},
}


@pytest.fixture(autouse=True)
def unthrottled(system):
    """These tests poll notify's log with one operator key: past the default rate it is a 429."""
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "60000", "GONGZHI_RATE_BURST": "1000"}


def apart(n: int) -> dict:
    """A place for the n-th report, 110 m from the others: a case of its own, not a co-report."""
    return {"lat": 34.5705 + (n % 15) * 0.001, "long": 105.705 + (n // 15) * 0.002}


def submit(system, **overrides) -> str:
    key = {"X-Api-Key": system.key("intake", "resident_app")}
    response = system.post("intake", "/api/v1/reports", json={**SEWER, **overrides}, headers=key)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def routing_of(system, report_id: str) -> dict | None:
    return system.get("intake", f"/api/v1/reports/{report_id}").json()["routing"]


def deliveries(system, report_id: str, *, staff: bool = True) -> list[dict]:
    """What notify's log holds about the report, to staff (or to residents), once delivered."""
    key = {"X-Api-Key": system.key("notify", "operator")}
    found = system.get("notify", "/api/v1/deliveries", params={"subject": report_id}, headers=key)
    assert found.status_code == 200, found.text
    return [
        d
        for d in found.json()["deliveries"]
        if d["status"] == "delivered" and d["recipient"].startswith("resident:") != staff
    ]


def test_a_report_is_routed_to_its_grid_worker_who_is_told(system):
    system.start(*names())
    report_id = submit(system)

    routing = eventually(lambda: routing_of(system, report_id))
    grid = system.district.grid(routing["grid_code"])
    assert grid.polygon.covers(shapely.Point(SEWER["long"], SEWER["lat"]))
    assert routing["owner_id"] == grid.grid_worker.id
    assert routing["tier"] == "grid"
    told = eventually(lambda: deliveries(system, report_id))
    assert [(d["recipient"], d["channel"]) for d in told] == [(grid.grid_worker.id, "inbox")]
    [receipt] = eventually(lambda: deliveries(system, report_id, staff=False))
    assert (receipt["template"], receipt["channel"]) == ("report.received", "log")


def test_a_report_read_back_never_shows_the_reporters_contact(system):
    system.start("intake")
    report_id = submit(system)
    body = system.get("intake", f"/api/v1/reports/{report_id}").text
    assert "13800138000" not in body


def test_a_report_posted_before_routing_ever_started_is_routed_once_when_it_starts(system):
    system.start("intake")
    report_id = submit(system)
    eventually(lambda: system.metric("intake", "gongzhi_outbox_backlog") == 0)
    assert routing_of(system, report_id) is None

    system.start("routing", "notify")
    eventually(lambda: routing_of(system, report_id))
    eventually(lambda: deliveries(system, report_id))
    system.stop("routing")
    system.start("routing")  # a restart must not route it again
    assert len(deliveries(system, report_id)) == 1
    assert system.metric("routing", "gongzhi_inbox_duplicates_total") == 0


@pytest.mark.slow
@pytest.mark.alone
def test_no_report_is_lost_when_the_broker_restarts_while_reports_flow(system):
    system.start("intake", "routing", "notify")
    ids = [submit(system, **apart(n)) for n in range(10)]
    ctl = shutil.which("rabbitmqctl")
    subprocess.run([ctl, "stop_app"], check=True, capture_output=True)
    ids += [submit(system, **apart(n)) for n in range(10, 20)]
    subprocess.run([ctl, "start_app"], check=True, capture_output=True)
    subprocess.run([ctl, "await_startup"], check=True, capture_output=True)
    ids += [submit(system, **apart(n)) for n in range(20, 30)]

    assert len(set(ids)) == 30  # thirty cases, none merged into another
    for report_id in ids:
        told = eventually(lambda rid=report_id: deliveries(system, rid), timeout=90)
        assert len(told) == 1


def test_every_service_metrics_pass_promtool(system):
    promtool = shutil.which("promtool")
    assert promtool, "promtool not found: `make tools` installs it"
    system.start(*names())
    submit(system)
    for service in names():
        text = system.get(service, "/metrics").text
        checked = subprocess.run(
            [promtool, "check", "metrics"], input=text, text=True, capture_output=True
        )
        assert checked.returncode == 0, f"{service}: {checked.stdout}{checked.stderr}"
