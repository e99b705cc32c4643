"""Any HttpError an Open311 route meets, a 503 with Retry-After or a 500 from a fault, answers
as the spec's errors list in the URL's format, its headers kept."""

import json
from xml.etree import ElementTree

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from gongzhi.web import HttpError
from intake.open311_http import Open311Handler

OUTAGE = HttpError(503, "unavailable", "the database is down", headers={"Retry-After": "5"})


def answer(path: str, exc: Exception):
    handler = Open311Handler("GET", "/open311/v2/requests.<any(xml, json):fmt>")
    return handler.response_from_exception(exc, Request(EnvironBuilder(path=path).get_environ()))


def test_an_outage_answers_503_in_xml_with_its_retry_after():
    response = answer("/open311/v2/requests.xml", OUTAGE)
    assert (response.status_code, response.headers["Retry-After"]) == (503, "5")
    assert response.content_type == "text/xml; charset=utf-8"
    error = ElementTree.fromstring(response.get_data()).find("error")
    assert (error.findtext("code"), error.findtext("description")) == ("503", OUTAGE.message)


def test_an_outage_answers_503_in_json_with_a_numeric_code():
    response = answer("/open311/v2/requests.json", OUTAGE)
    assert (response.status_code, response.headers["Retry-After"]) == (503, "5")
    assert json.loads(response.get_data()) == [{"code": 503, "description": OUTAGE.message}]


def test_a_fault_answers_500_without_its_details():
    response = answer("/open311/v2/requests.json", RuntimeError("password=secret"))
    assert response.status_code == 500
    assert json.loads(response.get_data()) == [{"code": 500, "description": "internal error"}]
