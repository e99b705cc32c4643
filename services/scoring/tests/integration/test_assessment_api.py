"""Assessment over HTTP on the running service: an operator's and a supervisor's keys read a
month and a department's month, every other role and no key are refused (403); a month that is
no month is a 400; a routing step and a rating over the broker show in the department's month."""

import uuid

import pytest

from gongzhi.envelope import Event
from gongzhi.testing.bus import publish
from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
ROLES = ("operator", "supervisor", "organiser", "resident_app", "merchant", None)
READERS = ("operator", "supervisor")
ROUTES = ("/api/v1/assessment/2026-10", "/api/v1/assessment/2026-10/departments/housing")
HOUSING = {"kind": "department", "id": "housing"}


def key(system, role: str) -> dict[str, str]:
    return {"X-Api-Key": system.key("scoring", role, "620502001001")}


@pytest.mark.parametrize("path", ROUTES)
def test_assessment_is_read_by_an_operator_or_a_supervisor_alone(system, path):
    system.start("scoring")
    for role in ROLES:
        got = system.get("scoring", path, headers=key(system, role) if role else {})
        assert got.status_code == (200 if role in READERS else 403), (role, got.text)
        if got.status_code == 403:
            assert got.json()["error"] == "forbidden"


INSPECTION = {"company": "pc-hongxing", "inspected_on": "2026-10-20", "mark": 86}
PROPERTY = {  # route: (method, path, body, what each role it is for gets); others get a 403
    "inspect": ("POST", "/api/v1/property/inspections", INSPECTION, {"organiser": 201}),
    "ranking": ("GET", "/api/v1/property/ranking/2026", None, dict.fromkeys(READERS, 200)),
    "file": (
        "GET",
        "/api/v1/property/companies/pc-hongxing/file",
        None,
        dict.fromkeys((*READERS, "organiser"), 200),
    ),
}


@pytest.mark.parametrize("route", PROPERTY)
def test_property_routes_let_their_roles_in_and_refuse_every_other(system, route):
    system.start("scoring")
    method, path, body, allowed = PROPERTY[route]
    send = system.post if method == "POST" else system.get
    for role in ROLES:
        got = send("scoring", path, json=body, headers=key(system, role) if role else {})
        assert got.status_code == allowed.get(role, 403), (role, got.text)


def test_an_organiser_inspects_and_reads_its_own_communitys_companies_alone(system):
    system.start("scoring")
    organiser = key(system, "organiser")  # 620502001001's: Hongxing's community
    theirs = {**INSPECTION, "company": "pc-anju"}
    got = system.post("scoring", "/api/v1/property/inspections", json=theirs, headers=organiser)
    assert (got.status_code, got.json()["error"]) == (404, "not_found")
    path = "/api/v1/property/companies/pc-anju/file"
    assert system.get("scoring", path, headers=organiser).status_code == 404
    bad = {**INSPECTION, "mark": 101}
    got = system.post("scoring", "/api/v1/property/inspections", json=bad, headers=organiser)
    assert (got.status_code, list(got.json()["details"])) == (400, ["mark"])
    made = system.post(
        "scoring", "/api/v1/property/inspections", json=INSPECTION, headers=organiser
    )
    assert (made.status_code, made.json()["mark"]) == (201, 86.0)
    path = "/api/v1/property/companies/pc-hongxing/file"
    [entry] = system.get("scoring", path, headers=organiser).json()["entries"]
    assert (entry["kind"], entry["on"], entry["mark"]) == ("inspection", "2026-10-20", 86.0)
    year = system.get("scoring", "/api/v1/property/ranking/2026", headers=key(system, "operator"))
    assert year.json()["companies"][0]["company"] == "pc-hongxing"
    got = system.get("scoring", "/api/v1/property/ranking/26", headers=key(system, "operator"))
    assert (got.status_code, got.json()["error"]) == (400, "invalid_year")


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "november"])
def test_a_month_that_is_no_month_is_refused(system, month):
    system.start("scoring")
    for path in (f"/api/v1/assessment/{month}", f"/api/v1/assessment/{month}/departments/x"):
        got = system.get("scoring", path, headers=key(system, "operator"))
        assert (got.status_code, got.json()["error"]) == (400, "invalid_month")


def rated(system, verdict: str) -> Event:
    data = {"rating_id": uuid.uuid4().hex, "issue_id": "i-1", "verdict": verdict}
    data |= {"source": "resident", "reasons": [], "rated_at": "2026-10-05T09:00:00+08:00"}
    data |= {"owner": HOUSING, "department": "housing", "community": "620502001001"}
    source = f"/gongzhi/{system.district.code}/scoring"
    data |= {"category": "heating-pipe"}
    district = system.district.code
    kind = "scoring.rating.recorded.v1"
    return Event(type=kind, source=source, data=data, district=district, correlationid="c")


def test_ratings_over_the_broker_show_in_the_departments_month(system):
    system.start("scoring")
    for verdict in ("satisfied", "unsatisfied", "basically"):
        event = rated(system, verdict)
        publish(
            system.amqp_uri, "gongzhi.scoring", event.type, event.to_json(), message_id=event.id
        )
    path = "/api/v1/assessment/2026-10/departments/housing"

    def month():
        found = system.get("scoring", path, headers=key(system, "supervisor")).json()
        return found if found["ratings"]["count"] == 3 else None

    found = eventually(month, interval=0.25)
    assert found["ratings"] == {"count": 3, "satisfied": 1, "basically": 1, "unsatisfied": 1}
    assert found["figures"]["satisfaction"] == pytest.approx(2 / 3)
    assert (found["owner"], found["department"], found["score"]) == (HOUSING, "housing", None)
    everyone = system.get("scoring", "/api/v1/assessment/2026-10", headers=key(system, "operator"))
    assert [owner["owner"] for owner in everyone.json()["owners"]] == [HOUSING]
    assert everyone.json()["communities"][0]["community"] == "620502001001"
