"""Routing's HTTP API keeps the promises of its OpenAPI document: the document is served, with
no key, as committed; its example is taken; and under schemathesis, with a supervisor's key, the
owner's, a co-handler's or none, valid and invalid requests alike get no 5xx and only documented
status codes, content types and bodies."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.testing import fuzz
from gongzhi.testing.fuzz import OPENAPI, example
from gongzhi.testing.system import eventually

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]
FUZZ = fuzz.bounded(max_examples=100)
SUPERVISOR = "gs-620502001"
CO_HANDLER = "housing"  # an illegal structure's: 核查房屋产权与结构安全
# Who calls: a key's holder, no one, or whoever the body names as its actor (else most actions
# would only meet a 403).
CALLERS = ("actor", "supervisor", "owner", "co_handler", "no one")


class Keys:
    """The keys the fuzzer calls with, one per kind of caller, and the case they meet at."""

    def __init__(self, system, keys, issue_id: str):
        viewer = keyed(keys.issue("dashboard", "viewer"))
        path = f"/api/v1/cases/{issue_id}"
        eventually(lambda: system.get("routing", path, headers=viewer).ok)
        owner = system.get("routing", path, headers=viewer).json()["owner"]["id"]
        self.issue_id = issue_id
        self.by_caller = {
            "owner": keys.issue(owner, "staff"),  # a community: its staff own the case
            "supervisor": keys.issue(SUPERVISOR, "supervisor"),
            "co_handler": keys.issue(CO_HANDLER, "staff"),
        }

    def of(self, caller: str, body: object = None) -> str | None:
        """The key `caller` presents; none for no one, or for the system as actor."""
        if caller == "actor" and isinstance(body, dict):
            caller = str(body.get("actor"))
        return self.by_caller.get(caller)


@pytest.fixture
def callers(system, keys, report) -> Keys:
    """A case with a community for owner and housing for co-handler, and keys to call with."""
    system.start("intake", "routing")
    return Keys(system, keys, report("illegal-structure"))


def keyed(key: str | None) -> dict[str, str]:
    return {"X-Api-Key": key} if key else {}


# Requests that could get a 500: an extension past datetime's end, NUL characters (PostgreSQL
# text cannot hold them), half a surrogate pair (no encoding can), JSON nested past Python's
# recursion limit, numbers that are not.
def odd_requests(issue_id: str) -> fuzz.OddRequests:
    actions = f"/api/v1/cases/{issue_id}/actions"
    too_long = {"action": "request_extension", "actor": "owner", "clock": "reply"}
    return {
        "an extension of 99999999999 days": (
            "POST",
            actions,
            {"json": {**too_long, "extension": "99999999999d", "reason": "等"}},
        ),
        "NUL in a body": ("POST", actions, {"json": {"action": "accept", "actor": "o\x00"}}),
        "NUL in an id": ("GET", "/api/v1/cases/%00", {}),
        "NUL in a query": ("GET", "/api/v1/work", {"params": {"community": "\x00"}}),
        "a limit that is no number": (
            "GET",
            "/api/v1/work",
            {"params": {"community": "1", "limit": "x"}},
        ),
        "deep JSON": ("POST", actions, {"data": b"[" * 50_000 + b"]" * 50_000}),
        "half a surrogate pair in an answer": (
            "POST",
            actions,
            {"data": rb'{"action": "reply", "actor": "owner", "answer": {"text": "\ud800"}}'},
        ),
    }


def broken(operation, callers: Keys) -> str | None:
    """How `operation` broke the document, shrunk to its smallest request; None if it did not."""

    @FUZZ
    @given(
        case=fuzz.requests_for(operation, issue_id=callers.issue_id),
        caller=st.sampled_from(CALLERS),
    )
    def call(case, caller: str) -> None:
        key = callers.of(caller, case.body)
        case.call_and_validate(checks=fuzz.CHECKS, headers=keyed(key), timeout=10)

    return fuzz.failure_of(operation, call)


def test_the_served_document_is_the_committed_one_and_needs_no_key(system):
    system.start("routing")
    served = system.get("routing", OPENAPI)
    assert served.status_code == 200
    assert served.json() == fuzz.committed("routing")


def test_the_documented_example_is_taken_from_the_cases_owner(system, callers):
    document = system.get("routing", OPENAPI).json()
    body = example(document, "/api/v1/cases/{issue_id}/actions")
    path = f"/api/v1/cases/{callers.issue_id}/actions"

    accepted = system.post("routing", path, json=body, headers=keyed(callers.of("owner")))

    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"


def test_odd_requests_are_refused_with_a_400_not_failed_with_a_500(system, callers):
    odd = odd_requests(callers.issue_id)
    answers = fuzz.answers(system, "routing", odd, headers=keyed(callers.of("owner")))
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(answers, 400)
    assert all(a.json()["error"] for a in answers.values())


def test_no_request_makes_the_api_break_its_document(system, callers):
    # The key is the test's to give (see CALLERS), not a parameter to generate or leave out.
    operations = fuzz.operations(system, "routing", with_security_parameters=False)
    assert len(operations) == fuzz.documented_operations("routing")
    failures = [failure for op in operations if (failure := broken(op, callers))]
    assert failures == [], "\n\n".join(failures)
