"""The native API keeps the promises of its OpenAPI document: the document served is the one
committed, its examples are taken, and under schemathesis, valid and invalid requests alike get
no 5xx and only documented status codes, content types and bodies."""

import base64
import json
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.errors import FailureGroup

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]
OPENAPI = "/api/v1/openapi.json"
COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Bounded for CI: derandomized, so every run sends the same requests; ~10 s on two cores.
FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)


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


def example(document: dict, path: str) -> dict:
    return document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["example"]


def report_with_an_update(system, document: dict) -> str:
    """A report taken from the documented examples, with a comment: something to read back."""
    taken = system.post("intake", "/api/v1/reports", json=example(document, "/api/v1/reports"))
    report_id = taken.json()["id"]
    update = example(document, "/api/v1/reports/{report_id}/updates")
    system.post("intake", f"/api/v1/reports/{report_id}/updates", json=update)
    return report_id


def cases(operation, report_id: str) -> st.SearchStrategy:
    """Valid and invalid requests; for a report's URLs, about `report_id` (which exists) too."""
    ids = [None, {"report_id": report_id}] if "{report_id}" in operation.path else [None]
    return st.one_of(
        [
            operation.as_strategy(generation_mode=mode, path_parameters=given_id)
            for mode in GenerationMode
            for given_id in ids
        ]
    )


def fuzz(operation, report_id: str) -> str | None:
    """How `operation` broke the document, shrunk to its smallest request; None if it did not."""

    @FUZZ
    @given(case=cases(operation, report_id))
    def call(case) -> None:
        case.call_and_validate(checks=CHECKS, timeout=10)

    try:
        call()
    except (AssertionError, FailureGroup) as failure:
        return f"{operation.label}: {failure}"
    return None


def test_the_served_document_is_the_committed_one(system):
    system.start("intake")
    served = system.get("intake", OPENAPI).json()
    assert served == json.loads(COMMITTED.read_text(encoding="utf-8"))


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
    answers = {
        name: requests.request(method, system.url("intake", path), timeout=10, **kwargs)
        for name, (method, path, kwargs) in ODD_REQUESTS.items()
    }
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(answers, 400)
    assert all(a.json()["error"] for a in answers.values())


def test_no_request_makes_the_native_api_break_its_document(system):
    system.start("intake")
    report_id = report_with_an_update(system, system.get("intake", OPENAPI).json())
    schema = schemathesis.openapi.from_url(system.url("intake", OPENAPI))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    failures = [failure for op in operations if (failure := fuzz(op, report_id))]
    assert failures == [], "\n\n".join(failures)
