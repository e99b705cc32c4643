"""The native API keeps the promises of its OpenAPI document: the document served is the one
committed, its examples are taken, and under schemathesis, valid and invalid requests alike get
no 5xx and only documented status codes, content types and bodies."""

import base64
import json

import pytest
from hypothesis import given

from gongzhi.testing import fuzz
from gongzhi.testing.fuzz import OPENAPI, example

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]
FUZZ = fuzz.bounded(max_examples=50)  # ~10 s on two cores


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


def report_with_an_update(system, document: dict) -> str:
    """A report taken from the documented examples, with a comment: something to read back."""
    taken = system.post("intake", "/api/v1/reports", json=example(document, "/api/v1/reports"))
    report_id = taken.json()["id"]
    update = example(document, "/api/v1/reports/{report_id}/updates")
    system.post("intake", f"/api/v1/reports/{report_id}/updates", json=update)
    return report_id


def broken(operation, report_id: str) -> str | None:
    """How `operation` broke the document, shrunk to its smallest request; None if it did not."""

    @FUZZ
    @given(case=fuzz.requests_for(operation, report_id=report_id))
    def call(case) -> None:
        case.call_and_validate(checks=fuzz.CHECKS, timeout=10)

    return fuzz.failure_of(operation, call)


def test_the_served_document_is_the_committed_one(system):
    system.start("intake")
    assert system.get("intake", OPENAPI).json() == fuzz.committed("intake")


def test_the_documented_examples_are_taken_and_a_repeat_is_merged(system):
    system.start("intake")
    document = system.get("intake", OPENAPI).json()
    report = example(document, "/api/v1/reports")
    first = system.post("intake", "/api/v1/reports", json=report)
    again = system.post("intake", "/api/v1/reports", json=report)
    assert (first.status_code, first.json()["merged"]) == (201, False)
    assert again.json() == {"id": first.json()["id"], "merged": True}
    update = example(document, "/api/v1/reports/{report_id}/updates")
    added = system.post("intake", f"/api/v1/reports/{first.json()['id']}/updates", json=update)
    assert added.status_code == 201


def test_odd_requests_are_refused_with_a_400_not_failed_with_a_500(system):
    system.start("intake")
    answers = fuzz.answers(system, "intake", ODD_REQUESTS)
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(answers, 400)
    assert all(a.json()["error"] for a in answers.values())


def test_no_request_makes_the_native_api_break_its_document(system):
    system.start("intake")
    report_id = report_with_an_update(system, system.get("intake", OPENAPI).json())
    operations = fuzz.operations(system, "intake")
    assert len(operations) >= 8
    failures = [failure for op in operations if (failure := broken(op, report_id))]
    assert failures == [], "\n\n".join(failures)
