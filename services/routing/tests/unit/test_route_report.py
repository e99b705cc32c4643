"""Routing sends a report to the grid it lies in, or to the street when it lies in none."""

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongzhi.district import load_district
from gongzhi.envelope import Event
from gongzhi.testing.units import FakeClock, outbox_events, outbox_for, sqlite_engine
from routing import model
from routing.handlers import route_report
from routing.model import GridIndex

SAMPLE_DISTRICT = Path(__file__).parents[4] / "deploy" / "districts" / "xiguan"
STREET = "620502001"
FIRST_GRID, SECOND_GRID = "620502001001001", "620502001001002"  # side by side


@pytest.fixture(scope="module")
def district():
    return load_district(SAMPLE_DISTRICT)


@pytest.fixture
def session():
    with Session(sqlite_engine(model.metadata)) as session:
        yield session


@pytest.fixture
def route(session, district):
    clock = FakeClock()

    def route(long: float, lat: float) -> Event:
        report = submitted(long, lat)
        outbox = outbox_for(session, model.metadata, clock, service="routing", cause=report)
        index = GridIndex.build(district.leaf_grids())
        route_report(
            report, session=session, outbox=outbox, clock=clock, district=district, index=index
        )
        [assigned] = outbox_events(session, model.metadata)
        return assigned

    return route


def submitted(long: float, lat: float) -> Event:
    data = {
        "report_id": "r1",
        "category": "blocked-sewer",
        "location": {"lat": lat, "long": long},
        "description": "下水道堵了",
        "channel": "app",
        "reporter_ref": None,
        "submitted_at": "2024-05-06T09:30:00+00:00",
    }
    return Event(
        type="intake.report.submitted.v1",
        source="/gongzhi/620502001/intake",
        data=data,
        district="620502001",
        correlationid="c1",
    )


def shared_edge_midpoint(district) -> tuple[float, float]:
    edge = district.grid(FIRST_GRID).polygon.intersection(district.grid(SECOND_GRID).polygon)
    assert edge.length > 0, "the two sample grids should share an edge"
    point = edge.interpolate(0.5, normalized=True)
    return point.x, point.y


def test_a_report_inside_a_grid_goes_to_that_grids_worker(route, district):
    grid = district.grid(SECOND_GRID)
    inside = grid.polygon.representative_point()
    assigned = route(inside.x, inside.y)
    assert assigned.data["tier"] == "grid"
    assert assigned.data["grid"] == {"code": SECOND_GRID, "name": grid.name}
    assert assigned.data["owner"] == {"kind": "grid_worker", "id": grid.grid_worker.id}


def test_a_report_outside_every_grid_goes_to_the_street(route):
    assigned = route(105.0, 34.0)
    assert assigned.data["tier"] == "street"
    assert assigned.data["grid"] is None
    assert assigned.data["owner"] == {"kind": "street", "id": STREET}


def test_a_report_on_the_edge_of_two_grids_goes_to_the_grid_with_the_smaller_code(route, district):
    assigned = route(*shared_edge_midpoint(district))
    assert assigned.data["grid"]["code"] == FIRST_GRID


def test_the_edge_rule_does_not_depend_on_the_order_grids_are_loaded(district):
    backwards = GridIndex.build(tuple(reversed(district.leaf_grids())))
    assert backwards.locate(*shared_edge_midpoint(district)).code == FIRST_GRID


def test_the_assignment_is_kept_as_an_issue_and_announced_as_caused_by_the_report(route, session):
    assigned = route(105.0, 34.0)
    issue = session.execute(select(model.issues)).mappings().one()
    assert (issue["id"], issue["owner_id"], issue["status"]) == ("r1", STREET, "assigned")
    assert (assigned.subject, assigned.correlationid) == ("r1", "c1")
