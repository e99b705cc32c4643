"""Projects on the running service: an organiser publishes, a resident app claims a basic
project for a person and an organisation's key a key project, each route refuses the other
roles and no key (403); the resident who ordered it rates it and the points are posted; the
public list shows open projects with no key; staff list a community's projects at every step
(an organiser its own alone, 403 for another's; an operator any); metrics count projects by
state and their points."""

import pytest

pytestmark = pytest.mark.integration

COMMUNITY, OTHER = "620502001001", "620502001002"
ROLES = ("operator", "organiser", "resident_app", "merchant", "organisation", None)
NEED = {"kind": "basic", "title": "帮独居老人买菜 13800138000", "points": 10, "ordered_by": "ref-1"}


def key(system, role: str, name: str = COMMUNITY) -> dict[str, str]:
    return {"X-Api-Key": system.key("scoring", role, name)}


def post(system, path: str, body=None, headers=None):
    return system.post("scoring", path, json=body, headers=headers or {})


def setup(system) -> None:
    operator = key(system, "operator")
    person = {"person": "p-1", "community": COMMUNITY, "role": "volunteer"}
    assert post(system, "/api/v1/people", person, operator).status_code == 201
    opened = {"kind": "organisation", "holder": "o-1", "community": COMMUNITY}
    assert post(system, "/api/v1/accounts", opened, operator).status_code == 201


def test_each_project_route_refuses_the_roles_it_is_not_for(system):
    system.start("scoring")
    setup(system)
    allowed = {
        ("GET", "/api/v1/projects"): {"operator", "organiser"},
        ("POST", "/api/v1/projects"): {"organiser"},
        ("POST", "/api/v1/projects/999/claims"): {"resident_app", "organisation"},
        ("POST", "/api/v1/projects/999/done"): {"resident_app", "organisation"},
        ("POST", "/api/v1/projects/999/rating"): {"resident_app"},
    }
    bodies = {"claims": {"person": "p-1"}, "done": {"person": "p-1"}}
    bodies["rating"] = {"resident": "ref-1", "verdict": "satisfied"}
    for (method, path), roles in allowed.items():
        body = NEED if path.endswith("projects") else bodies[path.rsplit("/", 1)[1]]
        for role in ROLES:
            name = "o-1" if role == "organisation" else COMMUNITY
            headers = key(system, role, name) if role else {}
            if method == "GET":
                got = system.get("scoring", path, headers=headers)
            else:
                got = post(system, path, body, headers)
            if role in roles:
                assert got.status_code in (200, 201, 404), (path, role, got.text)
            else:
                assert (got.status_code, got.json()["error"]) == (403, "forbidden"), (path, role)


def test_a_project_from_publishing_to_points(system):
    system.start("scoring")
    setup(system)
    organiser, app = key(system, "organiser"), key(system, "resident_app", "app-1")
    organisation = key(system, "organisation", "o-1")
    basic = post(system, "/api/v1/projects", NEED, organiser).json()["id"]
    listed = system.get("scoring", f"/api/v1/public/projects/{COMMUNITY}").json()
    assert [(p["id"], p["title"]) for p in listed["projects"]] == [
        (basic, "帮独居老人买菜 [phone]")
    ]
    wrong = post(system, f"/api/v1/projects/{basic}/claims", {}, organisation)
    assert (wrong.status_code, wrong.json()["error"]) == (403, "wrong_claimant")
    assert (
        post(system, f"/api/v1/projects/{basic}/claims", {"person": "p-1"}, app).status_code == 200
    )
    again = post(system, f"/api/v1/projects/{basic}/claims", {"person": "p-1"}, app)
    assert (again.status_code, again.json()["error"]) == (409, "claimed")
    early = post(
        system,
        f"/api/v1/projects/{basic}/rating",
        {"resident": "ref-1", "verdict": "satisfied"},
        app,
    )
    assert (early.status_code, early.json()["error"]) == (409, "not_done")
    assert (
        post(system, f"/api/v1/projects/{basic}/done", {"person": "p-1"}, app).json()["status"]
        == "done"
    )
    rated = post(
        system,
        f"/api/v1/projects/{basic}/rating",
        {"resident": "ref-1", "verdict": "satisfied"},
        app,
    )
    assert (rated.status_code, rated.json()["status"]) == (200, "confirmed"), rated.text
    person = system.get("scoring", "/api/v1/people/p-1", headers=organiser).json()
    assert person["balance"] == 10
    assert system.get("scoring", f"/api/v1/public/projects/{COMMUNITY}").json()["projects"] == []
    assert system.metric("scoring", "gongzhi_scoring_project_points_issued_total") == 10
    keyed = post(system, "/api/v1/projects", {**NEED, "kind": "key"}, organiser).json()["id"]
    assert (
        post(system, f"/api/v1/projects/{keyed}/claims", {}, organisation).json()["claimant"]
        == "organisation:o-1"
    )


def listed(system, query: str, headers: dict[str, str]):
    return system.get("scoring", f"/api/v1/projects{query}", headers=headers)


def published_and_sent_back(system) -> tuple[int, int]:
    """A basic project claimed, done and rated unsatisfied (back to p-1), a key one left open."""
    system.start("scoring")
    setup(system)
    organiser, app = key(system, "organiser"), key(system, "resident_app", "app-1")
    basic = post(system, "/api/v1/projects", NEED, organiser).json()["id"]
    keyed = post(system, "/api/v1/projects", {**NEED, "kind": "key"}, organiser).json()["id"]
    post(system, f"/api/v1/projects/{basic}/claims", {"person": "p-1"}, app)
    post(system, f"/api/v1/projects/{basic}/done", {"person": "p-1"}, app)
    back = {"resident": "ref-1", "verdict": "unsatisfied"}
    assert post(system, f"/api/v1/projects/{basic}/rating", back, app).json()["status"] == "claimed"
    return basic, keyed


def test_an_organiser_follows_its_projects_at_every_step_newest_first(system):
    basic, keyed = published_and_sent_back(system)
    organiser = key(system, "organiser")
    mine = listed(system, "", organiser)
    assert mine.status_code == 200, mine.text
    shown = {p["id"]: p for p in mine.json()["projects"]}
    assert list(shown) == [keyed, basic]
    assert shown[basic]["title"] == "帮独居老人买菜 [phone]"
    assert ("ref-1" in mine.text, "13800138000" in mine.text) == (False, False)
    assert {k: shown[basic][k] for k in ("status", "claimant", "points", "verdict")} == {
        "status": "claimed",
        "claimant": "person:p-1",
        "points": 10,
        "verdict": "unsatisfied",
    }
    assert (bool(shown[basic]["claimed_at"]), shown[basic]["done_at"]) == (True, None)
    assert (shown[keyed]["status"], shown[keyed]["claimant"]) == ("open", None)
    claimed = listed(system, "?status=claimed", organiser).json()["projects"]
    assert [p["id"] for p in claimed] == [basic]
    assert [p["id"] for p in listed(system, "?kind=key", organiser).json()["projects"]] == [keyed]
    for query in ("?status=sent_back", "?kind=big"):
        assert listed(system, query, organiser).status_code == 400, query


def test_an_organiser_lists_its_own_community_alone_and_an_operator_any(system):
    published_and_sent_back(system)
    organiser, operator = key(system, "organiser"), key(system, "operator")
    mine = listed(system, "", organiser).json()
    assert len(mine["projects"]) == 2
    assert listed(system, f"?community={COMMUNITY}", organiser).json() == mine
    theirs = listed(system, f"?community={OTHER}", organiser)
    assert (theirs.status_code, theirs.json()["error"]) == (403, "forbidden")
    assert listed(system, "", key(system, "organiser", OTHER)).json()["projects"] == []
    assert listed(system, f"?community={COMMUNITY}", operator).json() == mine
    assert listed(system, "", operator).json() == mine
    assert listed(system, f"?community={OTHER}", operator).json()["projects"] == []
    unknown = listed(system, "?community=999", operator)
    assert (unknown.status_code, unknown.json()["error"]) == (404, "not_found")
