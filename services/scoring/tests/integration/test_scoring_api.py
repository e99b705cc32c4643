"""Scoring's HTTP API on the running service: each route lets in the roles access.py names and
refuses every other role and no key (403); an organiser sees its own community alone (404 for
another's); a claim earns once approved, a second decision is a 409, and an approval past a
cap is a 409 naming the cap that leaves the claim waiting; bad registrations say why."""

import pytest

pytestmark = pytest.mark.integration

ROLES = ("operator", "organiser", "resident_app", "merchant", None)
COMMUNITY = "620502001001"
PERSON = {"person": "p-1001", "community": COMMUNITY, "role": "volunteer"}
MERCHANT = {"kind": "merchant", "holder": "m-1", "community": COMMUNITY}
CLAIM = {"person": "p-1001", "activity": "public_welfare_post", "quantity": 2}
# route: (method, path, body, what each role it is for gets); every other role gets a 403
READERS = {"operator": 200, "organiser": 200}
ROUTES = {
    "register": ("POST", "/api/v1/people", PERSON, {"operator": 200}),
    "open account": ("POST", "/api/v1/accounts", MERCHANT, {"operator": 201}),
    "person": ("GET", "/api/v1/people/p-1001", None, {**READERS, "resident_app": 200}),
    # a merchant's key reads its own account alone: another's is not found
    "account": ("GET", "/api/v1/accounts/person:p-1001", None, {**READERS, "merchant": 404}),
    "claim": ("POST", "/api/v1/claims", CLAIM, {"resident_app": 201}),
    "claims": ("GET", "/api/v1/claims", None, READERS),
    "approve": ("POST", "/api/v1/claims/999/approve", None, {"organiser": 404}),
    "reject": ("POST", "/api/v1/claims/999/reject", None, {"organiser": 404}),
    "flags": ("GET", "/api/v1/flags", None, {"operator": 200}),
}


def key(system, role: str, name: str = COMMUNITY) -> dict[str, str]:
    return {"X-Api-Key": system.key("scoring", role, name)}


def call(system, method: str, path: str, body=None, headers=None):
    send = system.post if method == "POST" else system.get
    return send("scoring", path, json=body, headers=headers or {})


def registered(system, person=PERSON) -> None:
    made = call(system, "POST", "/api/v1/people", person, key(system, "operator"))
    assert made.status_code in (200, 201), made.text


@pytest.mark.parametrize("route", ROUTES)
def test_each_route_lets_its_roles_in_and_refuses_every_other_role_and_no_key(system, route):
    system.start("scoring")
    registered(system)
    method, path, body, allowed = ROUTES[route]
    for role in ROLES:
        got = call(system, method, path, body, key(system, role) if role else {})
        assert got.status_code == allowed.get(role, 403), (role, got.text)
        if got.status_code == 403:
            assert got.json()["error"] == "forbidden"


def test_a_merchant_reads_its_own_account_alone(system):
    system.start("scoring")
    registered(system)
    merchant, operator = key(system, "merchant", "m-1"), key(system, "operator")
    assert call(system, "GET", "/api/v1/accounts/merchant:m-1", None, merchant).status_code == 404
    opened = call(system, "POST", "/api/v1/accounts", MERCHANT, operator)
    assert (opened.status_code, opened.json()["code"]) == (201, "merchant:m-1")
    assert call(system, "POST", "/api/v1/accounts", MERCHANT, operator).status_code == 200
    moved = {**MERCHANT, "community": "620502001002"}
    assert call(system, "POST", "/api/v1/accounts", moved, operator).status_code == 409
    own = call(system, "GET", "/api/v1/accounts/merchant:m-1", None, merchant)
    assert (own.status_code, own.json()["balance"], own.json()["limits"]["min_balance"]) == (
        200,
        0,
        0,
    )
    got = call(system, "GET", "/api/v1/accounts/person:p-1001", None, merchant)
    assert got.status_code == 404


def test_a_claim_earns_once_approved_by_its_own_communitys_organiser(system):
    system.start("scoring")
    registered(system)
    app = key(system, "resident_app", "app-1")
    made = call(system, "POST", "/api/v1/claims", {**CLAIM, "client_key": "k-1"}, app)
    assert made.status_code == 201, made.text
    again = call(system, "POST", "/api/v1/claims", {**CLAIM, "client_key": "k-1"}, app)
    assert (again.status_code, again.json()["id"]) == (200, made.json()["id"])
    approve = f"/api/v1/claims/{made.json()['id']}/approve"
    other = key(system, "organiser", "620502001002")
    assert call(system, "POST", approve, None, other).status_code == 404
    assert call(system, "GET", "/api/v1/people/p-1001", None, other).status_code == 404
    done = call(system, "POST", approve, None, key(system, "organiser"))
    assert (done.status_code, done.json()["status"]) == (200, "approved"), done.text
    assert call(system, "POST", approve, None, key(system, "organiser")).status_code == 409
    person = call(system, "GET", "/api/v1/people/p-1001", None, key(system, "organiser"))
    assert person.json()["balance"] == 10  # 2 hours at 5 points
    assert system.metric("scoring", "gongzhi_scoring_points_issued_total") == 10


def test_an_approval_past_the_daily_cap_is_refused_naming_it_and_the_claim_waits(system):
    system.start("scoring")
    registered(system)
    app, organiser = key(system, "resident_app", "app-1"), key(system, "organiser")
    ids = [
        call(system, "POST", "/api/v1/claims", {**CLAIM, "quantity": 8}, app).json()["id"]
        for _ in range(2)
    ]
    assert call(system, "POST", f"/api/v1/claims/{ids[0]}/approve", None, organiser).ok
    refused = call(system, "POST", f"/api/v1/claims/{ids[1]}/approve", None, organiser)
    assert (refused.status_code, refused.json()["error"]) == (409, "daily_cap")
    assert "daily_cap 40" in refused.json()["message"]
    waiting = call(system, "GET", "/api/v1/claims?status=claimed", None, organiser).json()
    assert [c["id"] for c in waiting["claims"]] == [ids[1]]
    person = call(system, "GET", "/api/v1/people/p-1001", None, organiser).json()
    assert person["balance"] == 40


def test_bad_registrations_and_claims_say_why(system):
    system.start("scoring")
    registered(system)
    operator, app = key(system, "operator"), key(system, "resident_app", "app-1")
    moved = call(
        system, "POST", "/api/v1/people", {**PERSON, "community": "620502001002"}, operator
    )
    assert (moved.status_code, moved.json()["error"]) == (409, "registered")
    for wrong in ({"community": "999"}, {"role": "mayor"}, {"person": ""}):
        bad = call(system, "POST", "/api/v1/people", {**PERSON, "person": "p-2", **wrong}, operator)
        assert bad.status_code == 400, (wrong, bad.text)
    nobody = call(system, "POST", "/api/v1/claims", {**CLAIM, "person": "p-9"}, app)
    assert nobody.status_code == 404
    unknown = call(system, "POST", "/api/v1/claims", {**CLAIM, "activity": "sleeping"}, app)
    assert unknown.status_code == 400
    too_many = call(system, "POST", "/api/v1/claims", {**CLAIM, "quantity": 9}, app)
    assert too_many.status_code == 400
    registered(system, {**PERSON, "person": "p-2", "role": "retired_party_member"})
    not_theirs = call(
        system, "POST", "/api/v1/claims", {**CLAIM, "person": "p-2", "activity": "grid_patrol"}, app
    )
    assert (not_theirs.status_code, not_theirs.json()["error"]) == (409, "activity_role")
