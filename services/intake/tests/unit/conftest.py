"""Intake's unit fixtures: the sample district, a FakeClock, a fresh SQLite session, and
`submit(**overrides)`, which takes a report as every channel's does and answers its id."""

from pathlib import Path

import pytest
import shapely

from gongzhi.district import load_district
from gongzhi.testing.units import FakeClock, outbox_for, session_fixture
from intake import model
from intake.handlers import submit_report

SAMPLE_DISTRICT = Path(__file__).parents[4] / "deploy" / "districts" / "xiguan"
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
            pseudonym_key=key,
        ).case_id

    return submit
