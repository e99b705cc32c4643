"""Every deliberation route, by the role of the key that calls it (access.py's table), on the
running service: each role the table allows gets through, and each other role, and no key, is
refused with a 403 that says why."""

import pytest

from deliberation.openapi import (
    CALL_EXAMPLE,
    MATTER_EXAMPLE,
    MINUTES_EXAMPLE,
    PLAN_EXAMPLE,
    PROMOTION_EXAMPLE,
    PROPOSAL_EXAMPLE,
    REVIEW_EXAMPLE,
)

pytestmark = pytest.mark.integration

ROLES = ("operator", "staff", "supervisor", "resident_app", "member", None)
READERS = ("operator", "staff", "supervisor", "member")
NO_MATTER = "/api/v1/matters/00000000-0000-4000-8000-000000000000"
RATING = {"verdict": "satisfied", "resident_ref": "r-1"}
# route: (method, path, body, the roles it is for, what they get)
ROUTES = {
    "open a matter": ("POST", "/api/v1/matters", MATTER_EXAMPLE, ("staff",), 201),
    "propose": ("POST", "/api/v1/proposals", PROPOSAL_EXAMPLE, ("resident_app",), 201),
    "co-sign": ("POST", f"{NO_MATTER}/co-signers", {"resident_ref": "r-1"}, ("resident_app",), 404),
    "promote": ("POST", "/api/v1/promotions", PROMOTION_EXAMPLE, ("supervisor",), 404),
    "list matters": ("GET", "/api/v1/matters", None, READERS, 200),
    "a matter": ("GET", NO_MATTER, None, READERS, 404),
    "call a meeting": ("POST", f"{NO_MATTER}/meetings", CALL_EXAMPLE, ("staff",), 404),
    "attendance": ("POST", "/api/v1/meetings/1/attendance", {"present": []}, ("staff",), 404),
    "minutes": ("POST", f"{NO_MATTER}/minutes", MINUTES_EXAMPLE, ("staff",), 404),
    "plan": ("POST", f"{NO_MATTER}/plan", PLAN_EXAMPLE, ("staff",), 404),
    "review": ("POST", f"{NO_MATTER}/review", REVIEW_EXAMPLE, ("member",), 404),
    "work": ("GET", "/api/v1/work", None, ("member",), 200),
    "task done": ("POST", f"{NO_MATTER}/tasks/{NO_MATTER[-36:]}/done", {}, ("staff",), 404),
    "rate": ("POST", f"{NO_MATTER}/ratings", RATING, ("member", "resident_app"), 404),
    "close an evaluation": ("POST", f"{NO_MATTER}/evaluation", {}, ("staff",), 404),
    "street filings": ("GET", "/api/v1/streets/000/filings", None, ("supervisor",), 404),
}
FILINGS = "/api/v1/streets/620502001/filings"


@pytest.mark.parametrize("route", ROUTES)
def test_each_route_lets_its_roles_in_and_refuses_every_other_role_and_no_key(system, route):
    system.start("deliberation")
    method, path, body, allowed, status = ROUTES[route]
    for role in ROLES:
        headers = {"X-Api-Key": system.key("deliberation", role, "p-1001")} if role else {}
        answer = system.post if method == "POST" else system.get
        got = answer("deliberation", path, json=body, headers=headers)
        expected = status if role in allowed else 403
        assert got.status_code == expected, (role, got.text)
        if expected == 403:
            assert got.json()["error"] == "forbidden"


def test_a_review_is_refused_to_a_member_who_does_not_sit_in_the_reviewing_party(system):
    system.start("deliberation")
    staff = {"X-Api-Key": system.key("deliberation", "staff", "staff-1")}
    post = lambda path, body, key=staff: system.post("deliberation", path, json=body, headers=key)  # noqa: E731
    matter_id = post("/api/v1/matters", MATTER_EXAMPLE).json()["id"]
    meeting_id = post(f"/api/v1/matters/{matter_id}/meetings", CALL_EXAMPLE).json()["meeting_id"]
    post(f"/api/v1/meetings/{meeting_id}/attendance", {"present": ["p-1001"]})
    post(f"/api/v1/matters/{matter_id}/minutes", {**MINUTES_EXAMPLE, "meeting_id": meeting_id})
    in_review = post(f"/api/v1/matters/{matter_id}/plan", PLAN_EXAMPLE)
    assert in_review.json()["step"] == "review", in_review.text
    outsider = {"X-Api-Key": system.key("deliberation", "member", "p-1009")}  # owners' committee

    got = post(f"/api/v1/matters/{matter_id}/review", REVIEW_EXAMPLE, outsider)

    assert got.status_code == 403, got.text
    assert "does not act on this step" in got.json()["message"]
    party_core = {"X-Api-Key": system.key("deliberation", "member", "p-1001")}
    approved = post(f"/api/v1/matters/{matter_id}/review", REVIEW_EXAMPLE, party_core)
    assert approved.json()["status"] == "voting", approved.text
    _the_street_alone_reads_what_was_filed_with_it(system, matter_id)


def _the_street_alone_reads_what_was_filed_with_it(system, matter_id: str) -> None:
    def filings_for(role: str, name: str):
        key = {"X-Api-Key": system.key("deliberation", role, name)}
        return system.get("deliberation", FILINGS, headers=key)

    street = filings_for("supervisor", "ps-620502001").json()  # on the street grid's roster
    assert [filed["matter_id"] for filed in street["filings"]] == [matter_id]
    assert filings_for("supervisor", "620502001").status_code == 200  # the street's own key
    for role, name in [("supervisor", "gs-620502001001"), ("staff", "620502001")]:
        refused = filings_for(role, name)  # a community's supervisor; the street's name, staff
        assert (refused.status_code, refused.json()["error"]) == (403, "forbidden"), name
