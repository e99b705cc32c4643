"""Open311 errors always in Open311's format: also those refused before a route runs (a body
too large, a NUL in the URL), an unknown path and a wrong method; XML on `.xml` URLs, JSON on
`.json` URLs, the code a number in JSON."""

import pytest
import requests

from ..conftest import FORMATS, code, read

pytestmark = pytest.mark.integration


def call(system, method: str, path: str) -> requests.Response:
    return requests.request(method, system.url("intake", f"/open311/v2/{path}"), timeout=10)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_body_over_256_kib_is_a_413_in_the_asked_format(intake, fmt):
    response = intake.post("intake", f"/open311/v2/requests.{fmt}", data=b"x" * (256 * 1024 + 1))
    assert response.status_code == 413
    [error] = read(response, fmt)
    assert error["code"] == code(fmt, 413)
    assert "262144" in error["description"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_nul_in_a_query_argument_is_a_400_in_the_asked_format(intake, fmt):
    response = intake.get("intake", f"/open311/v2/requests.{fmt}", params={"status": "open\x00"})
    assert response.status_code == 400
    [error] = read(response, fmt)
    assert error["code"] == code(fmt, 400)
    assert "NUL" in error["description"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_path_is_a_404_in_the_asked_format(intake, fmt):
    response = intake.get("intake", f"/open311/v2/complaints.{fmt}")
    assert response.status_code == 404
    [error] = read(response, fmt)
    assert error["code"] == code(fmt, 404)
    assert "/open311/v2/complaints" in error["description"]


@pytest.mark.parametrize("path", ["complaints", "", "requests.csv"])
def test_an_unknown_path_without_json_is_a_404_in_xml_the_specs_own_format(intake, path):
    response = intake.get("intake", f"/open311/v2/{path}")
    assert response.status_code == 404
    assert read(response, "xml")[0]["code"] == "404"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "requests.json", "GET, HEAD, POST"),
        ("PUT", "requests.xml", "GET, HEAD, POST"),
        ("POST", "services.xml", "GET, HEAD"),
        ("PATCH", "requests/abc.json", "GET, HEAD"),
    ],
)
def test_a_wrong_method_is_a_405_naming_the_allowed_ones(intake, method, path, allow):
    fmt = path.rsplit(".", 1)[1]
    response = call(intake, method, path)
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
    [error] = read(response, fmt)
    assert error["code"] == code(fmt, 405)
    assert method in error["description"]


def test_a_native_error_keeps_its_own_json_shape(intake):
    response = intake.get("intake", "/api/v1/reports/nope")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
