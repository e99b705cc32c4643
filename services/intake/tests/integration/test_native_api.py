"""The native JSON API: reports from phone maps, refusals that say everything at once."""

import prcoords
import pytest
import shapely

from gongzhi.keyguard import HEADER
from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
WGS84 = (34.5805, 105.7203)


def keyed(system, role: str = "staff") -> dict[str, str]:
    """The header of a key of `role`: a staff key reads the full record, not the public view."""
    return {HEADER: system.key("intake", role)}


def submit(system, **fields):
    body = {
        "category": "disorderly-parking",
        "lat": WGS84[0],
        "long": WGS84[1],
        "description": "消防栓前停了一辆车",
        "channel": "app",
        **fields,
    }
    return system.post(
        "intake", "/api/v1/reports", json=body, headers=keyed(system, "resident_app")
    )


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
    path = f"/api/v1/reports/{response.json()['id']}"
    report = system.get("intake", path, headers=keyed(system)).json()
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


def test_reports_are_listed_newest_first_a_page_at_a_time_and_filtered(system):
    system.start("intake")
    ids = [
        submit(system, lat=34.571 + n * 0.002, channel="hotline" if n % 2 else "app").json()["id"]
        for n in range(5)
    ]
    first = system.get("intake", "/api/v1/reports", params={"limit": 2}).json()
    assert [r["id"] for r in first["reports"]] == ids[::-1][:2]
    rest = system.get(
        "intake", "/api/v1/reports", params={"limit": 10, "cursor": first["next_cursor"]}
    ).json()
    assert [r["id"] for r in rest["reports"]] == ids[::-1][2:]
    assert rest["next_cursor"] is None
    hotline = system.get("intake", "/api/v1/reports", params={"channel": "hotline"}).json()
    assert {r["id"] for r in hotline["reports"]} == {ids[1], ids[3]}
    assert all("reporter_contact" not in r for r in first["reports"])


def test_a_forged_cursor_is_a_400(system):
    system.start("intake")
    assert (
        system.get("intake", "/api/v1/reports", params={"cursor": "nonsense!"}).status_code == 400
    )


def test_a_comment_and_a_photo_are_added_and_read_back_and_polled_through_open311(system):
    system.start("intake")
    taken = submit(system).json()
    report_id, token = taken["id"], {"X-Follow-Up-Token": taken["follow_up_token"]}
    comment = {"kind": "comment", "text": "还在漏水"}
    photo = {"kind": "photo", "media_url": "https://example.cn/p/1.jpg"}
    for update, caller in ((comment, token), (photo, keyed(system, "grid_worker"))):
        path = f"/api/v1/reports/{report_id}/updates"
        created = system.post("intake", path, json=update, headers=caller)
        assert created.status_code == 201, created.text
    added = system.get("intake", f"/api/v1/reports/{report_id}/updates").json()["updates"]
    assert [(u["kind"], u["author"]) for u in added] == [
        ("comment", "reporter"),
        ("photo", "staff"),
    ]
    polled = system.get("intake", "/open311/v2/servicerequestupdates.json").json()
    assert [u["description"] for u in polled] == ["还在漏水", ""]
    assert {u["service_request_id"] for u in polled} == {report_id}


def test_an_update_to_a_report_that_does_not_exist_is_a_404(system):
    system.start("intake")
    update = {"kind": "comment", "author": "staff", "text": "已派人"}
    path = "/api/v1/reports/nope/updates"
    assert (
        system.post("intake", path, json=update, headers=keyed(system, "staff")).status_code == 404
    )


def test_a_grid_worker_can_report_by_grid_code_on_behalf_of_a_resident(system):
    system.start("intake")
    response = system.post(
        "intake",
        "/api/v1/reports",
        json={
            "category": "neighbour-dispute",
            "grid": "620502001004007",
            "description": "邻里噪音",
            "channel": "grid_worker",
            "on_behalf_of": "gw-620502001004007",
        },
        headers=keyed(system, "grid_worker"),
    )
    assert response.status_code == 201, response.text
    path = f"/api/v1/reports/{response.json()['id']}"
    report = system.get("intake", path, headers=keyed(system)).json()
    grid = system.district.grid("620502001004007").polygon
    assert grid.covers(shapely.Point(report["long"], report["lat"]))
    assert report["on_behalf_of"] == "gw-620502001004007"


def test_the_repeat_report_rate_counts_co_reports_among_all_reports(system):
    system.start("intake")
    first = submit(system).json()
    again = submit(system, lat=WGS84[0] + 0.00027, reporter_contact="13900139000").json()
    assert (again["id"], again["merged"]) == (first["id"], True)
    submit(system, lat=34.5712)  # another matter, far enough to be its own case
    stats = system.get("intake", "/api/v1/stats/repeats").json()
    assert (stats["cases"], stats["co_reports"], stats["repeat_rate"]) == (2, 1, 0.3333)
    metrics = system.get("intake", "/metrics").text
    assert (
        'gongzhi_intake_reports_total{channel="app",outcome="merged",service="intake"} 1.0'
        in metrics
    )
    assert (
        'gongzhi_intake_reports_total{channel="app",outcome="new",service="intake"} 2.0' in metrics
    )


def test_a_report_with_only_an_address_goes_to_the_street(system):
    system.start("intake", "routing")
    response = system.post(
        "intake",
        "/api/v1/reports",
        json={
            "category": "family-dispute",  # no department named at the street for it
            "address_string": "西关街道 双桥路 3 号楼",
            "channel": "hotline",
            "description": "邻居家中夫妻争吵",
        },
        headers=keyed(system, "hotline_agent"),
    )
    assert response.status_code == 201, response.text
    report_id = response.json()["id"]
    staff = keyed(system)  # a family dispute is private: no public view has it

    def routed():
        return system.get("intake", f"/api/v1/reports/{report_id}", headers=staff).json()["routing"]

    routing = eventually(routed)
    assert (routing["tier"], routing["owner_kind"], routing["grid_code"]) == (
        "street",
        "street",
        None,
    )
