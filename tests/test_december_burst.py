"""Issue 9 as an operator met it: a burst of reports on 2 December of the last year whose
working-day schedule is published, intake and routing each in a process of its own. Every case
opened then has clock times in the next year, which the calendar does not know; routing once
re-tried those clocks in an endless sweep holding SQLite's write lock, and stopped consuming.
Every report must be routed, and the sweeper must keep finishing its passes."""

import shutil
import time
from collections.abc import Iterator

import eventlet
import pytest
import requests

from gongzhi import workdays
from gongzhi.testing.processes import Served, database_environ
from gongzhi.testing.system import SAMPLE_DISTRICT, eventually

pytestmark = [pytest.mark.integration, pytest.mark.slow]
REPORTS = 600  # more than one batch of routing's sweeper
CLIENTS = 8
MAX_BATCHES = 10  # GONGZHI_SWEEP_MAX_BATCHES: a pass runs at most this many batches
PARKING = {
    "category": "disorderly-parking",
    "description": "消防栓前停了一辆车",
    "channel": "app",
    "reporter_contact": "13800138000",
}


def december_start() -> str:
    """09:00 in Xiguan on 2 December of the last year `holidays` publishes China's schedule for."""
    return f"{max(workdays.published_years())}-12-02T09:00:00+08:00"


def refusing_district(folder) -> str:
    """The sample district, but clock times in an unpublished year are left unscheduled."""
    copy = folder / "district"
    shutil.copytree(SAMPLE_DISTRICT, copy)
    config = copy / "district.yaml"
    text = config.read_text(encoding="utf-8")
    assert "\ncalendar:\n" in text
    text = text.replace("\ncalendar:\n", "\ncalendar:\n  unpublished_years: refuse\n", 1)
    config.write_text(text, encoding="utf-8")
    return str(copy)


@pytest.fixture(params=["provisional", "refuse"], ids=lambda p: f"unpublished-years-{p}")
def served(request, tmp_path, amqp_uri, database_settings) -> Iterator[Served]:
    """intake and routing, each `gongzhi serve`d in a process of its own, on the December clock."""
    district = SAMPLE_DISTRICT if request.param == "provisional" else refusing_district(tmp_path)
    environ = {
        "AMQP_URI": amqp_uri,
        "GONGZHI_CLOCK_START": december_start(),
        "GONGZHI_SWEEP_SECONDS": "0.5",
        "GONGZHI_SWEEP_MAX_BATCHES": str(MAX_BATCHES),
        # One resident app's key posts the whole burst: past the default rate it would be a 429.
        "GONGZHI_RATE_PER_MINUTE": "60000",
        "GONGZHI_RATE_BURST": "1000",
        **database_environ({s: database_settings[s] for s in ("intake", "routing")}),
    }
    running = Served(tmp_path, environ, district)
    try:
        running.prepare("intake", "routing")
        running.start("intake", "routing")
        yield running
    finally:
        running.stop_all()


def report_at(n: int) -> dict:
    """The n-th report, 55 m by 64 m from the others: a case of its own, never a co-report."""
    return {**PARKING, "lat": 34.5705 + (n % 39) * 0.0005, "long": 105.7005 + (n // 39) * 0.0007}


def post(url: str, key: str, n: int) -> str:
    response = requests.post(url, json=report_at(n), headers={"X-Api-Key": key}, timeout=30)
    assert response.status_code == 201, response.text
    assert not response.json()["merged"]
    return response.json()["id"]


def burst(served: Served, count: int) -> list[str]:
    url = served.url("intake", "/api/v1/reports")
    key = served.issue_key("intake", "resident_app")
    return list(eventlet.GreenPool(CLIENTS).imap(lambda n: post(url, key, n), range(count)))


def routed(served: Served, report_id: str) -> bool:
    url = served.url("intake", f"/api/v1/reports/{report_id}")
    return requests.get(url, timeout=10).json()["routing"] is not None


def unrouted_after(served: Served, ids: list[str], timeout: float) -> list[str]:
    """The reports intake still shows without routing when everything is routed or time is up."""
    left, deadline = list(ids), time.monotonic() + timeout
    while left and time.monotonic() < deadline:
        served.check_running()
        while left and routed(served, left[0]):
            left.pop(0)
        time.sleep(0.2)
    return [i for i in left if not routed(served, i)]


def sweeps(served: Served) -> tuple[float, float]:
    """Routing's sweeper: (passes completed, batches run), from one reading of its /metrics."""
    found = [
        served.metric("routing", name)
        for name in ("gongzhi_routing_sweep_passes_total", "gongzhi_routing_sweep_batches_total")
    ]
    assert None not in found, "routing's /metrics has no sweep passes or batches"
    return found[0], found[1]


def test_a_december_burst_is_routed_whole_and_the_sweeper_keeps_finishing_passes(served):
    ids = burst(served, REPORTS)
    assert len(set(ids)) == REPORTS

    unrouted = unrouted_after(served, ids, timeout=120)
    assert not unrouted, f"{len(unrouted)} not routed\n{served.tail('routing')}"
    passes, _ = sweeps(served)
    eventually(lambda: sweeps(served)[0] >= passes + 3, timeout=30)
    passes, batches = sweeps(served)
    assert batches <= (passes + 1) * MAX_BATCHES  # the pass in progress may be part done
