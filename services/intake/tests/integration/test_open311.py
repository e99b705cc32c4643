"""Open311 GeoReport v2 conformance, from the spec's text, in XML and in JSON, against the real
intake service (real database, real broker)."""

import json

import pytest

from ..conftest import FORMATS, code, read

pytestmark = pytest.mark.integration
SEWER = {
    "service_code": "blocked-sewer",
    "lat": "34.5805",
    "long": "105.7203",
    "description": "下水道堵塞,污水漫到路面",
    "attribute[overflowing]": "yes",
    "attribute[gas_smell]": "no",
    "phone": "13800138000",
}


def post(system, fmt: str, **fields):
    return system.post("intake", f"/open311/v2/requests.{fmt}", data=fields)


def get(system, path: str, **params):
    return system.get("intake", f"/open311/v2/{path}", params=params)


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_announces_the_v2_endpoint_in_both_formats(intake, fmt):
    found = read(get(intake, f"discovery.{fmt}"), fmt)
    [endpoint] = found["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert endpoint["url"].endswith("/open311/v2")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_service_list_is_the_districts_categories(intake, fmt):
    services = read(get(intake, f"services.{fmt}"), fmt)
    codes = {s["service_code"] for s in services}
    assert codes == set(intake.district.categories)
    sewer = next(s for s in services if s["service_code"] == "blocked-sewer")
    assert sewer["type"] == "realtime"
    assert str(sewer["metadata"]).lower() == "true"
    assert sewer["service_name"] == "下水道堵塞"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_definition_lists_attributes_of_all_six_datatypes_in_order(intake, fmt):
    definition = read(get(intake, f"services/blocked-sewer.{fmt}"), fmt)
    attributes = definition["attributes"]
    assert [int(a["order"]) for a in attributes] == sorted(int(a["order"]) for a in attributes)
    assert {a["datatype"] for a in attributes} == {
        "string",
        "number",
        "datetime",
        "text",
        "singlevaluelist",
        "multivaluelist",
    }
    gas = next(a for a in attributes if a["code"] == "gas_smell")
    assert str(gas["required"]).lower() == "true"
    assert {v["key"] for v in gas["values"]} == {"yes", "no"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_service_code_is_a_404_with_an_errors_list(intake, fmt):
    response = get(intake, f"services/alien-landing.{fmt}")
    assert response.status_code == 404
    [error] = read(response, fmt)
    assert error["code"] == code(fmt, 404)
    assert "alien-landing" in error["description"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_post_without_an_api_key_is_refused_with_403_and_an_errors_body(intake, fmt):
    response = post(intake, fmt, **SEWER)
    assert response.status_code == 403
    [error] = read(response, fmt)
    assert error["code"] == code(fmt, 403)


def test_a_post_with_a_wrong_api_key_is_refused_with_403(intake, api_key):
    assert post(intake, "json", api_key=api_key[:-2] + "xx", **SEWER).status_code == 403


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_description_of_4001_characters_is_a_400(intake, api_key, fmt):
    response = post(intake, fmt, api_key=api_key, **{**SEWER, "description": "堵" * 4001})
    assert response.status_code == 400
    assert any("4000" in e["description"] for e in read(response, fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_posted_request_gets_an_id_and_reads_back_open_with_dates_in_local_time(
    intake, api_key, fmt
):
    response = post(intake, fmt, api_key=api_key, **SEWER)
    assert response.status_code == 200, response.text
    [created] = read(response, fmt)
    assert "token" not in created
    request_id = created["service_request_id"]
    [found] = read(get(intake, f"requests/{request_id}.{fmt}"), fmt)
    assert found["status"] == "open"
    assert found["service_code"] == "blocked-sewer"
    assert found["requested_datetime"].endswith("+08:00")
    assert "13800138000" not in json.dumps(found, ensure_ascii=False)


def test_a_multivaluelist_attribute_takes_several_values_and_refuses_unknown_ones(intake, api_key):
    fields = {**SEWER, "attribute[impacts][]": ["smell", "traffic"]}
    assert post(intake, "json", api_key=api_key, **fields).status_code == 200
    fields = {**SEWER, "lat": "34.5750", "attribute[impacts][]": ["smell", "volcano"]}
    response = post(intake, "json", api_key=api_key, **fields)
    assert response.status_code == 400
    assert any("volcano" in e["description"] for e in response.json())


def test_a_required_attribute_missing_is_a_400_naming_it(intake, api_key):
    fields = {k: v for k, v in SEWER.items() if k != "attribute[gas_smell]"}
    response = post(intake, "json", api_key=api_key, **fields)
    assert response.status_code == 400
    assert any("gas_smell" in e["description"] for e in response.json())


def test_a_gas_smell_is_refused_with_the_districts_emergency_notice(intake, api_key):
    response = post(intake, "json", api_key=api_key, **{**SEWER, "attribute[gas_smell]": "yes"})
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400
    assert "119" in error["description"]
    assert error["description"].endswith("(emergency)")


def test_a_point_outside_the_district_is_refused_as_such(intake, api_key):
    response = post(intake, "json", api_key=api_key, **{**SEWER, "lat": "39.9", "long": "116.4"})
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400
    assert error["description"].endswith("(outside_district)")


def test_a_post_needs_a_location(intake, api_key):
    fields = {k: v for k, v in SEWER.items() if k not in ("lat", "long")}
    response = post(intake, "json", api_key=api_key, **fields)
    assert response.status_code == 400
    assert "location" in response.json()[0]["description"]


def test_a_grid_code_as_address_id_places_the_request_in_that_grid(intake, api_key):
    fields = {k: v for k, v in SEWER.items() if k not in ("lat", "long")}
    response = post(intake, "json", api_key=api_key, address_id="620502001003005", **fields)
    assert response.status_code == 200, response.text


def test_a_foreign_jurisdiction_is_a_404(intake, api_key):
    response = get(intake, "services.json", jurisdiction_id="sfgov.org")
    assert response.status_code == 404


def test_service_request_id_overrides_every_other_filter(intake, api_key):
    [created] = post(intake, "json", api_key=api_key, **SEWER).json()
    found = get(
        intake,
        "requests.json",
        service_request_id=created["service_request_id"],
        service_code="heating-pipe",
        status="closed",
    ).json()
    assert [r["service_request_id"] for r in found] == [created["service_request_id"]]


def test_requests_filter_by_service_code_and_status(intake, api_key):
    post(intake, "json", api_key=api_key, **SEWER)
    assert len(get(intake, "requests.json", service_code="blocked-sewer").json()) == 1
    assert get(intake, "requests.json", service_code="heating-pipe").json() == []
    assert len(get(intake, "requests.json", status="open").json()) == 1
    assert get(intake, "requests.json", status="closed").json() == []


def test_a_date_range_over_90_days_is_a_400(intake):
    response = get(
        intake,
        "requests.json",
        start_date="2026-01-01T00:00:00+08:00",
        end_date="2026-06-01T00:00:00+08:00",
    )
    assert response.status_code == 400


def test_a_date_without_a_timezone_is_a_400(intake):
    response = get(intake, "requests.xml", start_date="2026-01-01T00:00:00")
    assert response.status_code == 400
    assert "timezone" in read(response, "xml")[0]["description"]


def test_pages_split_the_list(intake, api_key):
    for n in range(3):
        post(intake, "json", api_key=api_key, **{**SEWER, "lat": f"{34.571 + n * 0.002:.4f}"})
    first = get(intake, "requests.json", page_size=2, page=1).json()
    second = get(intake, "requests.json", page_size=2, page=2).json()
    assert len(first) == 2
    assert len(second) == 1
    assert not {r["service_request_id"] for r in first} & {r["service_request_id"] for r in second}


def test_two_reports_of_a_blocked_sewer_30_m_apart_within_the_hour_are_one_case(intake, api_key):
    [first] = post(intake, "json", api_key=api_key, **SEWER).json()
    nearby = {**SEWER, "lat": "34.58077", "phone": "13900139000"}  # 30 m north
    [second] = post(intake, "json", api_key=api_key, **nearby).json()
    assert second["service_request_id"] == first["service_request_id"]
    assert second["service_notice"]
    [case] = get(intake, f"requests/{first['service_request_id']}.json").json()
    assert "1" in case["status_notes"]  # one co-report besides the first
    native = intake.get("intake", f"/api/v1/reports/{first['service_request_id']}").json()
    assert native["co_reports"] == 1


def test_an_api_key_past_its_rate_is_told_when_to_come_back(intake, api_key, monkeypatch):
    statuses = [
        post(intake, "json", api_key=api_key, service_code="nope").status_code for _ in range(40)
    ]
    assert 429 in statuses
    limited = post(intake, "json", api_key=api_key, service_code="nope")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1


def test_a_nul_character_in_a_form_field_is_a_400_not_a_server_error(intake):
    response = post(intake, "json", **{**SEWER, "api_key": "gz_\x00"})
    assert response.status_code == 400
    assert "NUL" in response.json()[0]["description"]


def test_an_address_without_a_point_is_taken_for_the_street_to_place(intake, api_key, staff_key):
    fields = {k: v for k, v in SEWER.items() if k not in ("lat", "long")}
    response = post(
        intake, "xml", api_key=api_key, address_string="西关街道 自由路 12 号", **fields
    )
    assert response.status_code == 200, response.text
    [created] = read(response, "xml")
    path = f"requests/{created['service_request_id']}.json"
    [found] = get(intake, path, api_key=staff_key).json()
    assert found["address"] == "西关街道 自由路 12 号"
    assert (found["lat"], found["long"]) == (None, None)
