"""The native API keeps the promises of its OpenAPI document: the document served is the one
committed, its examples are taken, and under schemathesis, with no key, a resident app's, a
viewer's or a staff key, or the reporter's follow-up token, valid and invalid requests alike
get no 5xx and only documented status codes, content types and bodies."""

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.testing import fuzz
from gongzhi.testing.fuzz import OPENAPI, example

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]
FUZZ = fuzz.bounded(max_examples=50)  # ~10 s on two cores
CALLERS = ("no one", "resident_app", "viewer", "staff", "reporter")


def cursor(*last: str) -> str:
    return base64.urlsafe_b64encode(json.dumps(last).encode()).decode()


# Requests that once got a 500: moments that overflow on the way to UTC, NUL characters
# (PostgreSQL text cannot hold them), JSON nested past Python's recursion limit.
ODD_REQUESTS = {
    "since in year 1": ("GET", "/api/v1/reports", {"params": {"since": "0001-01-01T00:00+01:00"}}),
    "until in 9999": ("GET", "/api/v1/reports", {"params": {"until": "9999-12-31T23:00-05:00"}}),
    "stats at year 1": ("GET", "/api/v1/stats/repeats", {"params": {"until": "0001-01-09T00:00Z"}}),
    "cursor in year 1": (
        "GET",
        "/api/v1/reports",
        {"params": {"cursor": cursor("0001-01-01T00:00:00+01:00", "r")}},
    ),
    "NUL in a cursor": (
        "GET",
        "/api/v1/reports",
        {"params": {"cursor": cursor("2026-01-01T00:00:00+00:00", "\x00")}},
    ),
    "NUL in a filter": ("GET", "/api/v1/reports", {"params": {"status": "\x00"}}),
    "NUL in an id": ("GET", "/api/v1/reports/%00/updates", {}),
    "NUL in a body": (
        "POST",
        "/api/v1/reports/r/updates",
        {"json": {"kind": "comment", "author": "staff", "text": "\x00"}},
    ),
    "deep JSON": ("POST", "/api/v1/reports", {"data": b"[" * 50_000 + b"]" * 50_000}),
}


def keyed(system, role: str) -> dict[str, str]:
    return {"X-Api-Key": system.key("intake", role)}


class Callers:
    """A report taken from the documented examples, with a comment from its reporter, and the
    headers each caller calls with."""

    def __init__(self, system):
        document = system.get("intake", OPENAPI).json()
        report = example(document, "/api/v1/reports")
        taken = system.post(
            "intake", "/api/v1/reports", json=report, headers=keyed(system, "staff")
        )
        self.report_id = taken.json()["id"]
        token = {"X-Follow-Up-Token": taken.json()["follow_up_token"]}
        update = example(document, "/api/v1/reports/{report_id}/updates")
        system.post(
            "intake", f"/api/v1/reports/{self.report_id}/updates", json=update, headers=token
        )
        self.headers = {caller: keyed(system, caller) for caller in CALLERS[1:-1]}
        self.headers |= {"no one": {}, "reporter": token}


@pytest.fixture
def callers(system) -> Callers:
    # The fuzzer calls far past a key's rate: that 429 is documented, but would hide the rest.
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "60000", "GONGZHI_RATE_BURST": "1000"}
    system.start("intake")
    return Callers(system)


def broken(operation, callers: Callers) -> str | None:
    """How `operation` broke the document, shrunk to its smallest request; None if it did not."""

    @FUZZ
    @given(
        case=fuzz.requests_for(operation, report_id=callers.report_id),
        caller=st.sampled_from(CALLERS),
    )
    def call(case, caller: str) -> None:
        case.call_and_validate(checks=fuzz.CHECKS, headers=callers.headers[caller], timeout=10)

    return fuzz.failure_of(operation, call)


def test_the_served_document_is_the_committed_one(system):
    system.start("intake")
    assert system.get("intake", OPENAPI).json() == fuzz.committed("intake")


def test_the_documented_examples_are_taken_and_a_repeat_is_merged(system):
    system.start("intake")
    document = system.get("intake", OPENAPI).json()
    report = example(document, "/api/v1/reports")
    app = keyed(system, "resident_app")
    first = system.post("intake", "/api/v1/reports", json=report, headers=app)
    again = system.post("intake", "/api/v1/reports", json=report, headers=app)
    assert (first.status_code, first.json()["merged"]) == (201, False)
    assert (again.json()["id"], again.json()["merged"]) == (first.json()["id"], True)
    update = example(document, "/api/v1/reports/{report_id}/updates")
    path = f"/api/v1/reports/{first.json()['id']}/updates"
    token = {"X-Follow-Up-Token": first.json()["follow_up_token"]}
    added = system.post("intake", path, json=update, headers=token)
    assert added.status_code == 201


def test_odd_requests_are_refused_with_a_400_not_failed_with_a_500(system):
    system.start("intake")
    answers = fuzz.answers(system, "intake", ODD_REQUESTS, headers=keyed(system, "staff"))
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(answers, 400)
    assert all(a.json()["error"] for a in answers.values())


def test_no_request_makes_the_native_api_break_its_document(system, callers):
    # The key or token is the test's to give (see CALLERS), not a parameter to generate.
    operations = fuzz.operations(system, "intake", with_security_parameters=False)
    assert len(operations) == fuzz.documented_operations("intake")
    failures = [failure for op in operations if (failure := broken(op, callers))]
    assert failures == [], "\n\n".join(failures)
