"""Scoring's HTTP API keeps the promises of its OpenAPI document: the document is served, with
no key, as committed; its examples are taken; and under schemathesis, with a key of the role the
route asks for, another role's or none, valid and invalid requests alike get no 5xx and only
documented status codes, content types and bodies."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.testing import fuzz
from gongzhi.testing.fuzz import OPENAPI, example

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]
FUZZ = fuzz.bounded(max_examples=30)
COMMUNITY = "620502001001"
# The role each route asks for, by its path's start and method (access.py).
ROLE_OF = {
    ("POST", "/api/v1/people"): "operator",
    ("GET", "/api/v1/people"): "organiser",
    ("GET", "/api/v1/accounts"): "operator",
    ("POST", "/api/v1/accounts"): "operator",
    ("POST", "/api/v1/claims"): "organiser",  # approve and reject; a claim is the app's below
    ("GET", "/api/v1/claims"): "organiser",
    ("GET", "/api/v1/flags"): "operator",
    ("PUT", "/api/v1/people"): "operator",  # a person's consent to be shown
    ("GET", "/api/v1/rankings"): "operator",
    ("GET", "/api/v1/assessment"): "operator",
    ("POST", "/api/v1/property"): "organiser",  # inspections: the organiser of 620502001001
    ("GET", "/api/v1/property"): "operator",
    ("POST", "/api/v1/projects"): "organiser",  # its claims, done and rating refuse it: a 403
    ("GET", "/api/v1/projects"): "organiser",  # another community's asked for: a 403
    ("POST", "/api/v1/issues"): "organiser",  # a follow-up (回访); ratings by link need none
    ("POST", "/api/v1/shop/items"): "organiser",  # listing and restock; anyone reads the list
    ("PATCH", "/api/v1/shop/items"): "organiser",
    ("POST", "/api/v1/shop/orders"): "organiser",  # approve, refuse, cancel; an order the app's
    ("GET", "/api/v1/shop/orders"): "organiser",  # a voucher's picture is the app's
    ("POST", "/api/v1/shop/redeem"): "merchant",
}
APPS = (("POST", "/api/v1/claims"), ("POST", "/api/v1/shop/orders"))
CALLERS = ("its role", "its role", "its role", "another role", "no one")
BIGINT_PAST = str(2**63)


def role_of(method: str, path: str) -> str | None:
    if (method, path) in APPS or path.endswith(("voucher.svg", "voucher.png")):
        return "resident_app"
    found = (role for (m, start), role in ROLE_OF.items() if m == method and path.startswith(start))
    return next(found, None)


class Callers:
    """A key of each role (the organiser's of the sample's first community), a person of that
    community and a claim of theirs, made through the documented examples."""

    def __init__(self, system):
        roles = ("operator", "organiser", "resident_app", "merchant")
        self.keys = {role: system.key("scoring", role, COMMUNITY) for role in roles}
        document = system.get("scoring", OPENAPI).json()
        person = example(document, "/api/v1/people")
        made = system.post(
            "scoring", "/api/v1/people", json=person, headers=self.headers("operator")
        )
        assert made.status_code == 201, made.text
        claim = example(document, "/api/v1/claims")
        claimed = system.post(
            "scoring", "/api/v1/claims", json=claim, headers=self.headers("resident_app")
        )
        assert claimed.status_code == 201, claimed.text
        self.person, self.claim_id = person["person"], str(claimed.json()["id"])
        self.item_id, self.order_id = self._an_order(system, document)

    def _an_order(self, system, document) -> tuple[str, str]:
        """The example's item, at a price the person's approved claim pays, and its order."""
        approve = f"/api/v1/claims/{self.claim_id}/approve"
        assert system.post("scoring", approve, headers=self.headers("organiser")).ok
        merchant = example(document, "/api/v1/accounts")
        made = system.post(
            "scoring", "/api/v1/accounts", json=merchant, headers=self.headers("operator")
        )
        assert made.status_code == 201, made.text
        item = {**example(document, "/api/v1/shop/items"), "price": 5}
        listed = system.post(
            "scoring", "/api/v1/shop/items", json=item, headers=self.headers("organiser")
        )
        assert listed.status_code == 201, listed.text
        order = {**example(document, "/api/v1/shop/orders"), "item": listed.json()["id"]}
        placed = system.post(
            "scoring", "/api/v1/shop/orders", json=order, headers=self.headers("resident_app")
        )
        assert placed.status_code == 201, placed.text
        return str(listed.json()["id"]), str(placed.json()["id"])

    def headers(self, role: str | None) -> dict[str, str]:
        return {"X-Api-Key": self.keys[role]} if role else {}

    def of(self, caller: str, method: str, path: str) -> dict[str, str]:
        own = role_of(method, path)
        other = "merchant" if own != "merchant" else "operator"
        return self.headers({"its role": own, "another role": other}.get(caller) if own else None)


@pytest.fixture
def callers(system) -> Callers:
    # The fuzzer calls far past a key's rate: that 429 is documented, but would hide the rest.
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "60000", "GONGZHI_RATE_BURST": "1000"}
    system.start("scoring")
    return Callers(system)


def broken(operation, callers: Callers) -> str | None:
    @FUZZ
    @given(
        case=fuzz.requests_for(
            operation,
            person=callers.person,
            code=f"person:{callers.person}",
            claim_id=callers.claim_id,
            community=COMMUNITY,
            month="2026-12",
            item_id=callers.item_id,
            order_id=callers.order_id,
        ),
        caller=st.sampled_from(CALLERS),
    )
    def call(case, caller: str) -> None:
        headers = callers.of(caller, operation.method.upper(), operation.path)
        case.call_and_validate(checks=fuzz.CHECKS, headers=headers, timeout=10)

    return fuzz.failure_of(operation, call)


def test_the_served_document_is_the_committed_one_and_needs_no_key(system):
    system.start("scoring")
    served = system.get("scoring", OPENAPI)
    assert served.status_code == 200
    assert served.json() == fuzz.committed("scoring")


def test_odd_requests_are_a_json_400_or_404_not_a_500(system, callers):
    odd = {
        "NUL in a person": ("GET", "/api/v1/people/%00", 400),
        "NUL in an account": ("GET", "/api/v1/accounts/person:%00", 400),
        "a claim id past a BIGINT": ("POST", f"/api/v1/claims/{BIGINT_PAST}/approve", 404),
        "a claim id that is no number": ("POST", "/api/v1/claims/x/reject", 404),
        "deep JSON": ("POST", "/api/v1/claims/1/reject", 400),
    }
    for name, (method, path, status) in odd.items():
        role = "organiser" if "claims" in path else "operator"
        more = {"data": b"[" * 50_000 + b"]" * 50_000} if name == "deep JSON" else {}
        got = fuzz.answers(
            system, "scoring", {name: (method, path, more)}, headers=callers.headers(role)
        )
        assert got[name].status_code == status, (name, got[name].text)
        assert got[name].json()["error"]


def test_no_request_makes_the_api_break_its_document(system, callers):
    operations = fuzz.operations(system, "scoring", with_security_parameters=False)
    assert len(operations) == fuzz.documented_operations("scoring")
    failures = [failure for op in operations if (failure := broken(op, callers))]
    assert failures == [], "\n\n".join(failures)
