"""The native JSON API: reports from phone maps, refusals that say everything at once."""

import prcoords
import pytest
import shapely

from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
WGS84 = (34.5805, 105.7203)


def submit(system, **fields):
    body = {
        "category": "disorderly-parking",
        "lat": WGS84[0],
        "long": WGS84[1],
        "description": "消防栓前停了一辆车",
        "channel": "app",
        **fields,
    }
    return system.post("intake", "/api/v1/reports", json=body)


def leaf_grid_at(system, lat: float, long: float) -> str:
    point = shapely.Point(long, lat)
    return next(g.code for g in system.district.leaf_grids() if g.polygon.covers(point))


def grid_of(system, report_id: str) -> str:
    def routed():
        return system.get("intake", f"/api/v1/reports/{report_id}").json()["routing"]

    return eventually(routed)["grid_code"]


def test_a_gcj02_point_from_a_phone_map_lands_in_the_same_grid_as_its_wgs84_twin(system):
    system.start("intake", "routing")
    gcj = prcoords.wgs_gcj(prcoords.Coords(*WGS84))
    # Read as WGS-84, the phone's numbers would lie in another grid, hundreds of metres off.
    assert leaf_grid_at(system, gcj.lat, gcj.lon) != leaf_grid_at(system, *WGS84)
    first = submit(system).json()["id"]
    second = submit(
        system,
        category="blocked-fire-lane",
        lat=gcj.lat,
        long=gcj.lon,
        coordinate_system="gcj02",
        attributes={"fire_now": "no"},
    ).json()["id"]
    assert grid_of(system, first) == grid_of(system, second)


def test_a_baidu_point_is_converted_too(system):
    system.start("intake")
    bd = prcoords.wgs_bd(prcoords.Coords(*WGS84))
    response = submit(system, lat=bd.lat, long=bd.lon, coordinate_system="bd09")
    assert response.status_code == 201
    report = system.get("intake", f"/api/v1/reports/{response.json()['id']}").json()
    assert report["lat"] == pytest.approx(WGS84[0], abs=1e-5)
    assert report["long"] == pytest.approx(WGS84[1], abs=1e-5)


def test_every_problem_of_a_report_is_told_at_once(system):
    system.start("intake")
    response = submit(system, description="<b>停车</b>" + "车" * 4000, lat=39.9, long=116.4)
    assert response.status_code == 400
    codes = {p["code"] for p in response.json()["details"]}
    assert codes == {"description_too_long", "html_not_allowed", "outside_district"}


def test_an_oversized_body_is_refused_before_it_is_read(system):
    system.start("intake")
    response = system.post(
        "intake",
        "/api/v1/reports",
        data=b"x" * 300_000,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
