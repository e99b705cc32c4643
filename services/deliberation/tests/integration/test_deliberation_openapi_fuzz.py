"""Deliberation's HTTP API keeps the promises of its OpenAPI document: the document is served,
with no key, as committed; its examples are taken; and under schemathesis, with a key of the
role the route asks for, another role's or none, valid and invalid requests alike get no 5xx
and only documented status codes, content types and bodies."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.testing import fuzz
from gongzhi.testing.fuzz import OPENAPI, example

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]
FUZZ = fuzz.bounded(max_examples=30)
CALLERS = ("its role", "its role", "its role", "another role", "no one")
ROLES = ("staff", "supervisor", "resident_app", "member", "operator")


def role_of(method: str, path: str) -> str | None:
    """The role a route asks for (access.py); None for metrics, health and the public board,
    which ask none."""
    if not path.startswith("/api/v1/") or path.startswith("/api/v1/public/"):
        return None
    if path == "/api/v1/proposals" or path.endswith("/co-signers"):
        return "resident_app"
    if path == "/api/v1/promotions" or path.startswith("/api/v1/streets/"):
        return "supervisor"  # a street's filings: a supervisor of that street's
    if path.endswith(("/review", "/vote/ballots", "/vote/proxies")) or path == "/api/v1/work":
        return "member"  # a proxy: for themselves (staff records any voter's)
    if path.endswith("/ratings"):
        return "member"  # or a resident app, for a reporter

    if path.endswith("/vote") and method == "GET":
        return None  # anyone reads a vote's state, and its result once closed
    return "staff"  # opens, calls, records; and reads matters


class Callers:
    """A key of each role (the member's is the party core's p-1001), and a matter and a meeting
    of staff's to fuzz by id."""

    def __init__(self, system):
        self.keys = {role: system.key("deliberation", role, "p-1001") for role in ROLES}
        document = system.get("deliberation", OPENAPI).json()
        made = system.post(
            "deliberation",
            "/api/v1/matters",
            json=example(document, "/api/v1/matters"),
            headers=self.headers("staff"),
        )
        assert made.status_code == 201, made.text  # the documented example is taken
        self.matter_id = made.json()["id"]
        call = example(document, "/api/v1/matters/{matter_id}/meetings")
        called = system.post(
            "deliberation",
            f"/api/v1/matters/{self.matter_id}/meetings",
            json=call,
            headers=self.headers("staff"),
        )
        assert called.status_code == 201, called.text
        self.meeting_id = str(called.json()["meeting_id"])
        self.vote_id = "vote-by-hand"  # a vote on no matter: one on a matter opens with its step
        opened = system.post(
            "deliberation",
            f"/api/v1/matters/{self.vote_id}/vote",
            json=example(document, "/api/v1/matters/{matter_id}/vote"),
            headers=self.headers("staff"),
        )
        assert opened.status_code == 201, opened.text  # a vote to cast ballots in

    def headers(self, role: str | None) -> dict[str, str]:
        return {"X-Api-Key": self.keys[role]} if role else {}

    def of(self, caller: str, method: str, path: str) -> dict[str, str]:
        own = role_of(method, path)
        other = "operator" if own != "operator" else "staff"
        return self.headers({"its role": own, "another role": other}.get(caller) if own else None)


@pytest.fixture
def callers(system) -> Callers:
    # The fuzzer calls far past a key's rate: that 429 is documented, but would hide the rest.
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "60000", "GONGZHI_RATE_BURST": "1000"}
    system.start("deliberation")
    return Callers(system)


ODD_REQUESTS: dict[str, fuzz.OddRequests] = {
    "staff": {
        "NUL in a query": ("GET", "/api/v1/matters", {"params": {"community": "\x00"}}),
        "NUL in a matter's id": ("GET", "/api/v1/matters/%00", {}),
        "NUL in a title": (
            "POST",
            "/api/v1/matters",
            {
                "json": {
                    "community": "620502001001",
                    "title": "\x00",
                    "description": "d",
                    "origin": "staff",
                }
            },
        ),
        "deep JSON": ("POST", "/api/v1/matters", {"data": b"[" * 50_000 + b"]" * 50_000}),
        "half a surrogate pair": (
            "POST",
            "/api/v1/matters",
            {
                "data": rb'{"community": "620502001001", "title": "\ud800", "description": "d", '
                rb'"origin": "staff"}'
            },
        ),
    },
    "resident_app": {
        "a phone number for a resident's ref": (
            "POST",
            "/api/v1/proposals",
            {
                "json": {
                    "community": "620502001001",
                    "title": "t",
                    "description": "d",
                    "resident_ref": "13800138000",
                }
            },
        ),
    },
}
NOT_FOUND: dict[str, fuzz.OddRequests] = {
    "staff": {
        "a matter's id that is no UUID": ("GET", "/api/v1/matters/m-1", {}),
        "a meeting's id past an INTEGER": (
            "POST",
            f"/api/v1/meetings/{2**31}/attendance",
            {"json": {"present": []}},
        ),
        "a meeting's id that is no number": (
            "POST",
            "/api/v1/meetings/x/attendance",
            {"json": {"present": []}},
        ),
    },
}


def answers(system, callers: Callers, odd: dict[str, fuzz.OddRequests]) -> dict:
    return {
        name: answer
        for role, requests in odd.items()
        for name, answer in fuzz.answers(
            system, "deliberation", requests, headers=callers.headers(role)
        ).items()
    }


def broken(operation, callers: Callers) -> str | None:
    """How `operation` broke the document, shrunk to its smallest request; None if it did not."""

    @FUZZ
    @given(
        case=fuzz.requests_for(
            operation,
            matter_id=callers.vote_id if "/vote" in operation.path else callers.matter_id,
            meeting_id=callers.meeting_id,
        ),
        caller=st.sampled_from(CALLERS),
    )
    def call(case, caller: str) -> None:
        headers = callers.of(caller, operation.method.upper(), operation.path)
        case.call_and_validate(checks=fuzz.CHECKS, headers=headers, timeout=10)

    return fuzz.failure_of(operation, call)


def test_the_served_document_is_the_committed_one_and_needs_no_key(system):
    system.start("deliberation")
    served = system.get("deliberation", OPENAPI)
    assert served.status_code == 200
    assert served.json() == fuzz.committed("deliberation")


def test_odd_requests_are_refused_with_a_400_not_failed_with_a_500(system, callers):
    found = answers(system, callers, ODD_REQUESTS)
    assert {name: a.status_code for name, a in found.items()} == dict.fromkeys(found, 400)
    assert all(a.json()["error"] for a in found.values())


def test_ids_no_record_can_have_are_a_json_404(system, callers):
    found = answers(system, callers, NOT_FOUND)
    assert {name: a.status_code for name, a in found.items()} == dict.fromkeys(found, 404)
    assert {a.json()["error"] for a in found.values()} == {"not_found"}


def test_no_request_makes_the_api_break_its_document(system, callers):
    # The key is the test's to give (see CALLERS), not a parameter to generate or leave out.
    operations = fuzz.operations(system, "deliberation", with_security_parameters=False)
    assert len(operations) == fuzz.documented_operations("deliberation")
    failures = [failure for op in operations if (failure := broken(op, callers))]
    assert failures == [], "\n\n".join(failures)
