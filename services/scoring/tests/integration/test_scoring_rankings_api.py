"""Rankings on the running service: the full board is for an operator or the community's own
organiser (another's 404), consent is set by a resident app or an operator, every other role and
no key refused (403); the public board needs no key and lists only people who agreed to be
shown, by the alias they chose or a masked id, never their id."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.integration

ROLES = ("operator", "organiser", "resident_app", "merchant", None)
COMMUNITY, GRID = "620502001001", "620502001001001"
PEOPLE = (("p-1", GRID), ("p-2", "620502001001002"))
CLAIM = {"activity": "public_welfare_post", "quantity": 2}


def key(system, role: str, name: str = COMMUNITY) -> dict[str, str]:
    return {"X-Api-Key": system.key("scoring", role, name)}


def call(system, method: str, path: str, body=None, headers=None):
    send = {"POST": system.post, "GET": system.get, "PUT": system.put}[method]
    return send("scoring", path, json=body, headers=headers or {})


def register(system) -> None:
    for person, grid in PEOPLE:
        wanted = {"person": person, "community": COMMUNITY, "role": "volunteer", "grid": grid}
        made = call(system, "POST", "/api/v1/people", wanted, key(system, "operator"))
        assert (made.status_code, made.json()["shown"]) == (201, False), made.text


def earn(system, person: str, quantity: int) -> str:
    """An approved claim's points; the district month it was approved in."""
    app, organiser = key(system, "resident_app", "app-1"), key(system, "organiser")
    made = call(
        system, "POST", "/api/v1/claims", {**CLAIM, "person": person, "quantity": quantity}, app
    )
    done = call(system, "POST", f"/api/v1/claims/{made.json()['id']}/approve", None, organiser)
    assert done.status_code == 200, done.text
    at = datetime.fromisoformat(done.json()["decided_at"])
    return at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")


def test_each_rankings_route_lets_its_roles_in_and_refuses_the_rest(system):
    system.start("scoring")
    register(system)
    board = f"/api/v1/rankings/{COMMUNITY}/2026-12"
    routes = (
        (
            "PUT",
            "/api/v1/people/p-1/board",
            {"shown": True},
            {"operator": 200, "resident_app": 200},
        ),
        ("GET", board, None, {"operator": 200, "organiser": 200}),
    )
    for method, path, body, allowed in routes:
        for role in ROLES:
            got = call(system, method, path, body, key(system, role) if role else {})
            assert got.status_code == allowed.get(role, 403), (path, role, got.text)
            if got.status_code == 403:
                assert got.json()["error"] == "forbidden"
    other = key(system, "organiser", "620502001002")
    assert (
        call(system, "GET", f"/api/v1/rankings/{COMMUNITY}/2026-12", None, other).status_code == 404
    )
    for role in ROLES:
        public = call(
            system,
            "GET",
            f"/api/v1/public/rankings/{COMMUNITY}/2026-12",
            None,
            key(system, role) if role else {},
        )
        assert public.status_code == 200, (role, public.text)


def test_the_public_board_lists_only_who_agreed_and_never_an_id(system):
    system.start("scoring")
    register(system)
    month = earn(system, "p-1", 2)
    earn(system, "p-2", 4)
    public = f"/api/v1/public/rankings/{COMMUNITY}/{month}"
    board = call(system, "GET", public).json()
    assert (board["volunteers"], board["figures"]["points"], board["figures"]["active"]) == (
        [],
        30,
        2,
    )
    operator = key(system, "operator")
    chose = call(
        system,
        "PUT",
        "/api/v1/people/p-1/board",
        {"shown": True, "alias": "热心大姐"},
        key(system, "resident_app", "app-1"),
    )
    assert (chose.status_code, chose.json()["shown"], chose.json()["alias"]) == (
        200,
        True,
        "热心大姐",
    )
    board = call(system, "GET", public).json()
    assert [(p["rank"], p["name"], p["points"], p["grid"]) for p in board["volunteers"]] == [
        (2, "热心大姐", 10, GRID)
    ]
    assert "p-1" not in str(board)
    assert "p-2" not in str(board)
    staff = call(system, "GET", f"/api/v1/rankings/{COMMUNITY}/{month}", None, operator).json()
    assert [(p["rank"], p["person"], p["points"]) for p in staff["volunteers"]] == [
        (1, "p-2", 20),
        (2, "p-1", 10),
    ]
    grid = call(
        system, "GET", f"/api/v1/rankings/{COMMUNITY}/{month}?grid={GRID}", None, operator
    ).json()
    assert [p["person"] for p in grid["volunteers"]] == ["p-1"]


def test_bad_consent_and_boards_say_why(system):
    system.start("scoring")
    register(system)
    operator = key(system, "operator")
    phone = call(
        system, "PUT", "/api/v1/people/p-1/board", {"shown": True, "alias": "13800138000"}, operator
    )
    assert (phone.status_code, phone.json()["error"]) == (400, "personal_alias")
    nobody = call(system, "PUT", "/api/v1/people/p-9/board", {"shown": True}, operator)
    assert nobody.status_code == 404
    assert call(system, "PUT", "/api/v1/people/p-1/board", {}, operator).status_code == 400
    assert call(system, "GET", "/api/v1/public/rankings/999/2026-12").status_code == 404
    assert call(system, "GET", f"/api/v1/public/rankings/{COMMUNITY}/2026-13").status_code == 404
    moved = {"person": "p-3", "community": COMMUNITY, "role": "volunteer", "grid": "nowhere"}
    assert call(system, "POST", "/api/v1/people", moved, operator).status_code == 400
