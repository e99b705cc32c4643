"""Notify's HTTP API keeps the promises of its OpenAPI document: the document is served, with
no key, as committed; its examples are taken; and under schemathesis, with a key of the role the
route asks for, another role's or none, valid and invalid requests alike get no 5xx and only
documented status codes, content types and bodies."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.testing import fuzz
from gongzhi.testing.fuzz import OPENAPI, example
from gongzhi.testing.system import TEST_PREFERENCES_KEY
from notify.links import Links

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]
FUZZ = fuzz.bounded(max_examples=40)  # twenty operations
# The role each route asks for, by its path's start (access.py); a resident's take no key.
ROLE_OF = {
    "/api/v1/preferences/resident": None,
    "/api/v1/deliveries": "operator",
    "/api/v1/receipts": "gateway",
    "/api/v1/sms/replies": "gateway",
    "/api/v1/inbox": "staff",
    "/api/v1/preferences": "staff",
    "/api/v1/subscriptions": "staff",
    "/api/v1/webhooks": "integrator",
}
# Who calls: mostly the route's own role, so most requests get past the key to the route.
CALLERS = ("its role", "its role", "its role", "another role", "no one")
RESIDENTS = "/api/v1/preferences/resident"
BIGINT_PAST = str(2**63)
LINKS = Links((TEST_PREFERENCES_KEY.encode(),), None)


def role_of(path: str) -> str | None:
    """The role a route asks for; None for metrics, health and a resident's own routes, which
    ask for no key."""
    return next((role for start, role in ROLE_OF.items() if path.startswith(start)), None)


def by_link(path: str) -> bool:
    return path.startswith(RESIDENTS)


class Callers:
    """A key of each role, and a webhook subscription of the integrator's to fuzz by id."""

    def __init__(self, system):
        self.keys = {
            role: system.key("notify", role, f"{role}-holder") for role in ROLE_OF.values() if role
        }
        # A resident's link, as a message of theirs would carry it: "its role" on their routes.
        self.token = LINKS.token("9f2c4e1a7b3d5f609f2c4e1a7b3d5f60", datetime.now(UTC))
        document = system.get("notify", OPENAPI).json()
        made = system.post(
            "notify",
            "/api/v1/webhooks",
            json=example(document, "/api/v1/webhooks"),
            headers=self.headers("integrator"),
        )
        assert made.status_code == 201, made.text  # the documented example is taken
        self.webhook_id = str(made.json()["id"])

    def headers(self, role: str | None) -> dict[str, str]:
        return {"X-Api-Key": self.keys[role]} if role else {}

    def of(self, caller: str, path: str) -> dict[str, str]:
        own = role_of(path)
        other = "operator" if own != "operator" else "staff"
        return self.headers({"its role": own, "another role": other}.get(caller) if own else None)

    def answers(self, system, odd: dict[str, fuzz.OddRequests]) -> dict:
        """Each odd request's answer by its name, each sent with a key of the role it is under."""
        return {
            name: answer
            for role, requests in odd.items()
            for name, answer in fuzz.answers(
                system, "notify", requests, headers=self.headers(role)
            ).items()
        }


@pytest.fixture
def callers(system) -> Callers:
    # The fuzzer calls far past a key's rate: that 429 is documented, but would hide the rest.
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "60000", "GONGZHI_RATE_BURST": "1000"}
    system.start("notify")
    return Callers(system)


# Requests that could get a 500: ids past a BIGINT, NUL characters (PostgreSQL text cannot hold
# them), half a surrogate pair (no encoding can), JSON nested past Python's recursion limit.
ODD_REQUESTS: dict[str, fuzz.OddRequests] = {
    "staff": {
        "NUL in a query": ("GET", "/api/v1/inbox", {"params": {"unread": "\x00"}}),
        "NUL in an id": ("POST", "/api/v1/inbox/%00/read", {}),
        "deep JSON": ("PUT", "/api/v1/preferences", {"data": b"[" * 50_000 + b"]" * 50_000}),
        "half a surrogate pair": (
            "PUT",
            "/api/v1/subscriptions",
            {"data": rb'{"topics": ["grid:\ud800"]}'},
        ),
        "NUL in a topic": ("PUT", "/api/v1/subscriptions", {"json": {"topics": ["\x00"]}}),
    },
    "operator": {
        "a limit that is no number": ("GET", "/api/v1/deliveries", {"params": {"limit": "x"}}),
        "NUL in a filter": ("GET", "/api/v1/deliveries", {"params": {"subject": "\x00"}}),
    },
    "gateway": {
        "a receipt with no id": (
            "POST",
            "/api/v1/receipts",
            {"json": {"receipts": [{"status": "delivered"}]}},
        ),
        "a reply from a number that is no phone number": (
            "POST",
            "/api/v1/sms/replies",
            {"json": {"replies": [{"phone_number": "12345", "content": "TD"}]}},
        ),
        "NUL in a reply": (
            "POST",
            "/api/v1/sms/replies",
            {"json": {"replies": [{"phone_number": "13800138000", "content": "T\x00D"}]}},
        ),
    },
}
NOT_FOUND: dict[str, fuzz.OddRequests] = {
    "staff": {
        "an id past a BIGINT": ("POST", f"/api/v1/inbox/{BIGINT_PAST}/read", {}),
        "an id that is no number": ("POST", "/api/v1/inbox/x/read", {}),
        "a negative id": ("POST", "/api/v1/inbox/-1/read", {}),
    },
    "integrator": {
        "a webhook id past a BIGINT": ("GET", f"/api/v1/webhooks/{BIGINT_PAST}", {}),
        "a webhook id that is no number": ("DELETE", "/api/v1/webhooks/x", {}),
    },
}


def put_example(document: dict, path: str) -> dict:
    """The example body the document gives for a PUT to `path` (fuzz.example's are POSTs)."""
    return document["paths"][path]["put"]["requestBody"]["content"]["application/json"]["example"]


def broken(operation, callers: Callers) -> str | None:
    """How `operation` broke the document, shrunk to its smallest request; None if it did not."""

    @FUZZ
    @given(
        case=fuzz.requests_for(operation, webhook_id=callers.webhook_id),
        caller=st.sampled_from(CALLERS),
    )
    def call(case, caller: str) -> None:
        headers = callers.of(caller, operation.path)
        if by_link(operation.path) and caller == "its role":
            case.query = {**(case.query or {}), "token": callers.token}
        case.call_and_validate(checks=fuzz.CHECKS, headers=headers, timeout=10)

    return fuzz.failure_of(operation, call)


def test_the_served_document_is_the_committed_one_and_needs_no_key(system):
    system.start("notify")
    served = system.get("notify", OPENAPI)
    assert served.status_code == 200
    assert served.json() == fuzz.committed("notify")


def test_the_documented_examples_are_taken_with_keys_of_their_roles(system, callers):
    document = system.get("notify", OPENAPI).json()
    staff = callers.headers("staff")
    receipts = example(document, "/api/v1/receipts")
    chosen = put_example(document, "/api/v1/preferences")
    topics = put_example(document, "/api/v1/subscriptions")

    gateway = callers.headers("gateway")
    replies = example(document, "/api/v1/sms/replies")

    taken = system.post("notify", "/api/v1/receipts", json=receipts, headers=gateway)
    replied = system.post("notify", "/api/v1/sms/replies", json=replies, headers=gateway)
    put = system.put("notify", "/api/v1/preferences", json=chosen, headers=staff)
    subscribed = system.put("notify", "/api/v1/subscriptions", json=topics, headers=staff)

    assert taken.json() == {"outcomes": ["unknown"]}  # no message went by that id
    assert replied.json() == {"meanings": ["opt_out"]}  # from a number notify holds no contact for
    assert put.status_code == 200, put.text
    assert [p["topic"] for p in put.json()["preferences"]] == ["case", "warnings"]
    assert subscribed.status_code == 200, subscribed.text
    assert sorted(subscribed.json()["topics"]) == sorted(topics["topics"])


def test_a_residents_examples_are_taken_with_their_links_token(system, callers):
    document = system.get("notify", OPENAPI).json()
    chosen = put_example(document, RESIDENTS)
    form = document["paths"][f"{RESIDENTS}/unsubscribe"]["post"]["requestBody"]["content"]
    token = {"token": callers.token}

    put = system.put("notify", RESIDENTS, params=token, json=chosen)
    clicked = system.post(
        "notify",
        f"{RESIDENTS}/unsubscribe",
        params=token,
        data=form["application/x-www-form-urlencoded"]["example"],
    )

    assert put.status_code == 200, put.text
    assert put.json()["preferences"][0]["opted_out"] is True
    assert (clicked.status_code, clicked.json()) == (200, {"opted_out": ["case"]})


def test_odd_requests_are_refused_with_a_400_not_failed_with_a_500(system, callers):
    answers = callers.answers(system, ODD_REQUESTS)
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(answers, 400)
    assert all(a.json()["error"] for a in answers.values())


def test_ids_no_record_can_have_are_a_json_404(system, callers):
    answers = callers.answers(system, NOT_FOUND)
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(answers, 404)
    assert {a.json()["error"] for a in answers.values()} == {"not_found"}


def test_no_request_makes_the_api_break_its_document(system, callers):
    # The key is the test's to give (see CALLERS), not a parameter to generate or leave out.
    operations = fuzz.operations(system, "notify", with_security_parameters=False)
    assert len(operations) == fuzz.documented_operations("notify")
    failures = [failure for op in operations if (failure := broken(op, callers))]
    assert failures == [], "\n\n".join(failures)
