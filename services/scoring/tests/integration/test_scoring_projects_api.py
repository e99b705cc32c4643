"""Projects on the running service: an organiser publishes, a resident app claims a basic
project for a person and an organisation's key a key project, each route refuses the other
roles and no key (403); the resident who ordered it rates it and the points are posted; the
public list shows open projects with no key; metrics count projects by state and their points."""

import pytest

pytestmark = pytest.mark.integration

COMMUNITY = "620502001001"
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
        "/api/v1/projects": {"organiser"},
        "/api/v1/projects/999/claims": {"resident_app", "organisation"},
        "/api/v1/projects/999/done": {"resident_app", "organisation"},
        "/api/v1/projects/999/rating": {"resident_app"},
    }
    bodies = {"claims": {"person": "p-1"}, "done": {"person": "p-1"}}
    bodies["rating"] = {"resident": "ref-1", "verdict": "satisfied"}
    for path, roles in allowed.items():
        body = NEED if path.endswith("projects") else bodies[path.rsplit("/", 1)[1]]
        for role in ROLES:
            got = post(
                system,
                path,
                body,
                key(system, role, "o-1" if role == "organisation" else COMMUNITY) if role else {},
            )
            if role in roles:
                assert got.status_code in (201, 404), (path, role, got.text)
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
