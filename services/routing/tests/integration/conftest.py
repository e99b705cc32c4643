"""Routing's live tests: a clock the test moves, API keys issued in routing's own database as
`gongzhi keys --service routing` issues them, and reports posted through intake."""

from collections.abc import Callable
from datetime import datetime

import pytest

from gongzhi import apikeys
from gongzhi.db import create_engine_for
from gongzhi.testing.units import FakeClock
from routing import model

REPORTED = datetime.fromisoformat("2026-09-30T10:00:00+08:00")
GRID = "620502001001001"


@pytest.fixture
def system(system):
    # These tests poll at 20 Hz while the clock moves; the rate-limit test sets its own rate.
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "60000", "GONGZHI_RATE_BURST": "1000"}
    return system


@pytest.fixture
def clock(system) -> FakeClock:
    system.clock = FakeClock(REPORTED)
    return system.clock


class Keys:
    """Keys in the system's routing database: issue them once `system.start` has migrated it."""

    def __init__(self, system):
        self.settings = system.databases["routing"]

    def issue(self, name: str, role: str) -> str:
        engine = create_engine_for(self.settings)
        try:
            return apikeys.issue(engine, model.api_keys, name, role, roles=model.KEY_ROLES)
        finally:
            engine.dispose()

    def revoke(self, key: str) -> None:
        engine = create_engine_for(self.settings)
        try:
            assert apikeys.revoke(engine, model.api_keys, apikeys.key_id(key))
        finally:
            engine.dispose()


@pytest.fixture
def keys(system) -> Keys:
    return Keys(system)


@pytest.fixture
def report(system) -> Callable[..., str]:
    """Post a report to intake inside GRID; its id, which routing's case takes."""

    def post(category: str = "blocked-sewer") -> str:
        point = system.district.grid(GRID).polygon.representative_point()
        body = {
            "category": category,
            "lat": point.y,
            "long": point.x,
            "description": "下水道堵塞, 污水漫到路面",
            "channel": "app",
        }
        if category == "blocked-sewer":
            body["attributes"] = {"overflowing": "yes", "gas_smell": "no"}
        key = {"X-Api-Key": system.key("intake", "resident_app")}
        response = system.post("intake", "/api/v1/reports", json=body, headers=key)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    return post
