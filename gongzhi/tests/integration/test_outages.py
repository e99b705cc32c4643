"""While its database or its broker is away, a service says so: 503 with Retry-After on its
routes, 503 on /health/ready; and it answers 200 again once they are back. The servers stay up
(other tests share them): a TCP proxy in front of each is cut and restored instead."""

import sqlite3
import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import make_url

from gongzhi.bus import BrokerProbe
from gongzhi.db import CONNECT_TIMEOUT, DatabaseSettings
from gongzhi.testing.proxy import TcpProxy
from gongzhi.testing.system import System, eventually

pytestmark = pytest.mark.integration
REPORT = {
    "category": "disorderly-parking",
    "lat": 34.5805,
    "long": 105.7203,
    "description": "消防栓前停了一辆车",
    "channel": "app",
}


@pytest.fixture
def broker(amqp_uri):
    parts = urlsplit(amqp_uri)
    with TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5672) as proxy:
        yield proxy


@pytest.fixture
def postgresql(database_settings):
    url = make_url(database_settings["intake"].url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("a TCP proxy needs a database server: run with DATABASE_URL")
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        yield proxy


@pytest.fixture
def services():
    """Systems a test starts itself; ask for it after the proxies, so it stops them first."""
    started: list[System] = []
    yield started
    for system in started:
        system.stop_all()


def start_intake(services, amqp_uri: str, databases: dict[str, DatabaseSettings]) -> System:
    system = System(amqp_uri, databases)
    services.append(system)
    system.start("intake")
    system.key("intake", "resident_app")  # issued now: while the database is away it could not be
    return system


def intake_on_proxied_postgresql(services, amqp_uri, database_settings, proxy) -> System:
    settings = database_settings["intake"]
    proxied = DatabaseSettings(proxy.url(settings.url), settings.schema)
    return start_intake(services, amqp_uri, {**database_settings, "intake": proxied})


def submit(system: System):
    key = {"X-Api-Key": system.key("intake", "resident_app")}
    return system.post("intake", "/api/v1/reports", json=REPORT, headers=key)


def assert_unavailable(response) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["error"] == "unavailable"


def test_intake_answers_503_with_retry_after_while_postgresql_is_away(
    amqp_uri, database_settings, postgresql, services
):
    system = intake_on_proxied_postgresql(services, amqp_uri, database_settings, postgresql)
    report_id = submit(system).json()["id"]
    with postgresql.away():
        assert_unavailable(submit(system))
        assert_unavailable(system.get("intake", f"/api/v1/reports/{report_id}"))
        assert_unavailable(system.get("intake", "/api/v1/reports"))
        open311 = system.get("intake", f"/open311/v2/requests/{report_id}.json")
        assert (open311.status_code, open311.json()[0]["code"]) == (503, 503)
        assert int(open311.headers["Retry-After"]) > 0
        ready = system.get("intake", "/health/ready")
        assert (ready.status_code, ready.json()["checks"]["database"]) == (503, False)
        assert system.metric("intake", "gongzhi_ready") == 0  # the scrape itself still answers
    system.wait_ready("intake", timeout=30)
    assert system.get("intake", f"/api/v1/reports/{report_id}").status_code == 200
    assert submit(system).status_code == 201


def test_a_postgresql_that_accepts_and_never_answers_is_503_within_the_connect_timeout(
    amqp_uri, database_settings, postgresql, services
):
    system = intake_on_proxied_postgresql(services, amqp_uri, database_settings, postgresql)
    with postgresql.away(silent=True):
        started = time.monotonic()
        assert_unavailable(submit(system))
        assert time.monotonic() - started < CONNECT_TIMEOUT + 5
    eventually(lambda: submit(system).status_code == 201, timeout=30, interval=0.5)


def test_intake_answers_503_with_retry_after_while_sqlite_is_locked(
    services, amqp_uri, database_settings
):
    settings = database_settings["intake"]
    if not settings.is_sqlite:
        pytest.skip("SQLite's own lock; PostgreSQL's outage is the proxied test")
    # A short busy timeout: SQLite's wait blocks the whole process, this test's client too.
    quick = DatabaseSettings(f"{settings.url}?timeout=0.5", None)
    system = start_intake(services, amqp_uri, {**database_settings, "intake": quick})
    locker = sqlite3.connect(settings.url.removeprefix("sqlite:///"), isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        assert_unavailable(submit(system))
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert submit(system).status_code == 201


@pytest.mark.parametrize("silent", [False, True], ids=["refused", "silent"])
def test_ready_turns_503_while_the_broker_is_away_and_200_when_it_is_back(
    amqp_uri, database_settings, broker, services, silent
):
    system = start_intake(services, broker.url(amqp_uri), database_settings)
    with broker.away(silent=silent):
        ready = eventually(lambda: answer_if_not_ready(system), timeout=15)
        checks = {"database": True, "broker": False, "topology": True, "config": True}
        assert ready["checks"] == checks
        assert system.metric("intake", "gongzhi_ready") == 0  # what GongzhiServiceNotReady reads
        assert submit(system).status_code == 201  # the event waits in the outbox
    system.wait_ready("intake", timeout=30)
    assert system.metric("intake", "gongzhi_ready") == 1


def answer_if_not_ready(system: System) -> dict | None:
    response = system.get("intake", "/health/ready")
    return response.json() if response.status_code == 503 else None


def test_the_broker_probe_answers_within_its_timeout_and_asks_again_once_stale(amqp_uri, broker):
    probe = BrokerProbe(broker.url(amqp_uri), timeout=1, fresh_for=0.5)
    assert probe.answers()
    with broker.away(silent=True):
        assert probe.answers()  # still fresh: not asked again
        time.sleep(0.5)
        started = time.monotonic()
        assert not probe.answers()
        assert time.monotonic() - started < 3
    time.sleep(0.5)
    assert probe.answers()
