"""Intake's fixtures. Unit tests: the sample district, a FakeClock, a fresh SQLite session,
`submit(**overrides)`, which takes a report as every channel's does and answers its id, and
`transitioned(...)`, routing's event of a step in the report's case.
Live tests: the service started on the real broker and database, API keys issued in its
database, and Open311 bodies read alike from XML and JSON. (One conftest for both: a second at
tests/unit/ would be imported as `tests.unit.conftest`, routing's name too.)"""

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import shapely

from gongzhi.district import load_district
from gongzhi.envelope import Event
from gongzhi.testing.system import TEST_CONTACT_KEY
from gongzhi.testing.units import FakeClock, an_event, outbox_for, session_fixture
from intake import model
from intake.contacts import ReporterKeys
from intake.handlers import submit_report

FORMATS = ["xml", "json"]
SAMPLE_DISTRICT = Path(__file__).parents[3] / "deploy" / "districts" / "xiguan"
KEY = b"pseudonym key for tests"


@pytest.fixture(scope="module")
def district():
    return load_district(SAMPLE_DISTRICT)


@pytest.fixture
def clock():
    return FakeClock()


session = session_fixture(model.metadata)


@pytest.fixture
def submit(session, clock, district):
    def submit(key: bytes = KEY, **overrides) -> str:
        report = {
            "category": "blocked-sewer",
            "lat": 34.5805,
            "long": 105.7012,
            "description": "下水道堵了三天",
            "channel": "app",
            "reporter_contact": "13800138000",
            "attributes": {"overflowing": "yes", "gas_smell": "no"},
            **overrides,
        }
        outbox = outbox_for(session, model.metadata, clock, service="intake")
        return submit_report(
            report,
            session=session,
            outbox=outbox,
            clock=clock,
            district=district,
            boundary=shapely.unary_union([g.polygon for g in district.leaf_grids()]),
            reporter_keys=ReporterKeys(key, TEST_CONTACT_KEY.encode()),
        ).case_id

    return submit


# The action of routing's that leaves a case in each status.
ACTIONS = {
    "assigned": "assign",
    "accepted": "accept",
    "in_progress": "start",
    "replied": "reply",
    "resolved": "resolve",
    "closed": "close",
}


def transitioned(report_id: str, status: str = "assigned", at: str = "09:31", **more: Any) -> Event:
    reply = {"clock": "reply", "deadline": "2024-05-13T09:30:00+00:00"}
    data = {
        "issue_id": report_id,
        "action": ACTIONS[status],
        "category": "blocked-sewer",
        "grid": {"code": "620502001001001", "name": "西关第一社区第1网格"},
        "tier": "grid",
        "owner": {"kind": "grid_worker", "id": "gw-620502001001001"},
        "status": status,
        "assigned_at": "2024-05-06T09:31:00+00:00",
        "clocks": [{"clock": "response", "deadline": "2024-05-06T13:30:00+00:00"}, reply],
        "at": f"2024-05-06T{at}:00+00:00",
        **more,
    }
    return an_event("routing.issue.transitioned.v1", data)


@pytest.fixture
def intake(system):
    system.start("intake")
    return system


@pytest.fixture
def api_key(intake):
    return intake.key("intake", "hotline_agent", "12345 hotline")


@pytest.fixture
def staff_key(intake):
    """A key that reads the full record, not the public view."""
    return intake.key("intake", "staff", "community staff")


def read(response, fmt: str):
    """The body as Python: a list of dicts for lists, a dict for an object."""
    if fmt == "json":
        assert response.headers["Content-Type"].startswith("application/json")
        return response.json()
    assert response.headers["Content-Type"].startswith("text/xml")
    assert response.text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return _element(ElementTree.fromstring(response.content))


def _element(element):
    children = list(element)
    if not children:
        return [] if element.tag in LISTS else element.text
    names = [child.tag for child in children]
    if (len(set(names)) == 1 and len(names) > 1) or element.tag in LISTS:
        return [_element(child) for child in children]
    return {child.tag: _element(child) for child in children}


LISTS = {
    "services",
    "service_requests",
    "service_requests_updates",
    "errors",
    "attributes",
    "values",
    "endpoints",
    "formats",
}


def code(fmt: str, status: int):
    """An Open311 error's code as read: a number in JSON, the same digits as XML text."""
    return status if fmt == "json" else str(status)
