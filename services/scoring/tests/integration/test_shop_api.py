"""The shop's HTTP API on the running service: each route lets in the roles access.py names and
refuses every other role and no key (403); an organiser keeps its own community's items and
orders (another's are not found); an order's voucher comes as a QR code of its signed code,
is redeemed once at its own provider's counter and refused after; an order that needs approval
waits for it, and a cancel gives the points back; one no organiser approves within the
district's days is expired by the timer, its points and item back."""

from datetime import UTC, datetime

import pytest
import requests

from gongzhi.testing.system import TEST_VOUCHER_KEY
from gongzhi.testing.units import FakeClock
from scoring import shop_vouchers

pytestmark = pytest.mark.integration

ROLES = ("operator", "organiser", "resident_app", "merchant", "supervisor", "organisation", None)
COMMUNITY = "620502001001"
PERSON = {"person": "p-1001", "community": COMMUNITY, "role": "volunteer"}
ITEM = {"community": COMMUNITY, "provider": "m-1", "name": "大米 5kg", "price": 30, "stock": 2}
ORDER = {"person": "p-1001", "item": 1, "client_key": "k-1"}
KEYS = (TEST_VOUCHER_KEY.encode(),)
SHOP = "/api/v1/shop"
READERS = {"operator": 200, "organiser": 200}
# route: (method, path, body, what each role it is for gets); every other role gets a 403
ROUTES = {
    "list": ("GET", f"{SHOP}/items", None, dict.fromkeys(ROLES, 200)),
    "create": ("POST", f"{SHOP}/items", ITEM, {"operator": 201, "organiser": 201}),
    "edit": ("PATCH", f"{SHOP}/items/1", {"price": 30}, READERS),
    "restock": ("POST", f"{SHOP}/items/1/restock", {"quantity": 1}, READERS),
    "order": ("POST", f"{SHOP}/orders", ORDER, {"resident_app": 201}),
    "orders": ("GET", f"{SHOP}/orders", None, READERS),
    # the order was placed with the resident app's key named as the others: its own
    "get order": ("GET", f"{SHOP}/orders/1", None, {**READERS, "resident_app": 200}),
    "approve": ("POST", f"{SHOP}/orders/1/approve", None, {"organiser": 409}),
    "refuse": ("POST", f"{SHOP}/orders/1/refuse", None, {"organiser": 409}),
    "cancel": ("POST", f"{SHOP}/orders/1/cancel", None, {"organiser": 200, "resident_app": 409}),
    "voucher": ("GET", f"{SHOP}/orders/1/voucher.svg", None, {"resident_app": 200}),
    "redeem": ("POST", f"{SHOP}/redeem", {"code": "1.forged-forged-forged-x"}, {"merchant": 404}),
}


def key(system, role: str, name: str = COMMUNITY) -> dict[str, str]:
    return {"X-Api-Key": system.key("scoring", role, name)}


def call(system, method: str, path: str, body=None, headers=None) -> requests.Response:
    url = system.url("scoring", path)
    return requests.request(method, url, json=body, headers=headers or {}, timeout=10)


def a_shop(system, points: int = 4) -> None:
    """A merchant m-1 with an item in the first community, and p-1001 with 10 × `points`."""
    operator, organiser = key(system, "operator"), key(system, "organiser")
    app = key(system, "resident_app", "app-1")
    assert call(system, "POST", "/api/v1/people", PERSON, operator).ok
    merchant = {"kind": "merchant", "holder": "m-1", "community": COMMUNITY}
    assert call(system, "POST", "/api/v1/accounts", merchant, operator).ok
    assert call(system, "POST", "/api/v1/accounts", {**merchant, "holder": "m-2"}, operator).ok
    for n in range(points):
        claim = {"person": "p-1001", "activity": "public_welfare_post", "quantity": 2}
        made = call(system, "POST", "/api/v1/claims", {**claim, "client_key": f"c{n}"}, app)
        approved = f"/api/v1/claims/{made.json()['id']}/approve"
        assert call(system, "POST", approved, None, organiser).ok
    made = call(system, "POST", f"{SHOP}/items", ITEM, organiser)
    assert (made.status_code, made.json()["id"]) == (201, 1), made.text


def balance(system) -> int:
    found = call(system, "GET", "/api/v1/people/p-1001", None, key(system, "operator"))
    return int(found.json()["balance"])


@pytest.mark.parametrize("route", ROUTES)
def test_each_shop_route_lets_its_roles_in_and_refuses_every_other_role_and_no_key(system, route):
    system.start("scoring")
    a_shop(system)
    method, path, body, allowed = ROUTES[route]
    if route not in ("order", "list", "create"):
        placed = call(system, "POST", f"{SHOP}/orders", ORDER, key(system, "resident_app"))
        assert placed.status_code == 201, placed.text
    for role in ROLES:
        got = call(system, method, path, body, key(system, role) if role else {})
        assert got.status_code == allowed.get(role, 403), (role, got.text)
        if got.status_code == 403:
            assert got.json()["error"] == "forbidden"


def test_a_voucher_is_shown_as_its_signed_code_and_redeemed_once(system):
    system.start("scoring")
    a_shop(system)
    app = key(system, "resident_app", "app-1")
    placed = call(system, "POST", f"{SHOP}/orders", ORDER, app)
    assert (placed.status_code, placed.json()["status"], balance(system)) == (201, "issued", 10)
    order = placed.json()["id"]
    code = shop_vouchers.code_of(order, KEYS)
    svg = call(system, "GET", f"{SHOP}/orders/{order}/voucher.svg", None, app)
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert svg.content == shop_vouchers.picture(code, "svg")
    png = call(system, "GET", f"{SHOP}/orders/{order}/voucher.png", None, app)
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    other_app = key(system, "resident_app", "app-2")
    assert (
        call(system, "GET", f"{SHOP}/orders/{order}/voucher.svg", None, other_app).status_code
        == 404
    )
    counter = f"{SHOP}/redeem"
    elsewhere = call(system, "POST", counter, {"code": code}, key(system, "merchant", "m-2"))
    assert (elsewhere.status_code, elsewhere.json()["error"]) == (403, "other_provider")
    forged = call(
        system, "POST", counter, {"code": code[:-4] + "AAAA"}, key(system, "merchant", "m-1")
    )
    assert forged.status_code == 404
    done = call(system, "POST", counter, {"code": code}, key(system, "merchant", "m-1"))
    assert (done.status_code, done.json()["status"]) == (200, "redeemed"), done.text
    again = call(system, "POST", counter, {"code": code}, key(system, "merchant", "m-1"))
    assert (again.status_code, again.json()["error"]) == (409, "already_redeemed")
    own = call(system, "GET", "/api/v1/accounts/merchant:m-1", None, key(system, "merchant", "m-1"))
    assert own.json()["balance"] == 30
    assert system.metric("scoring", "gongzhi_scoring_points_redeemed_total") == 30
    assert (
        system.metric("scoring", "gongzhi_scoring_shop_orders_total") == 3
    )  # placed, redeemed, 409


def test_an_order_that_needs_approval_waits_and_a_cancel_gives_the_points_back(system):
    system.start("scoring")
    a_shop(system)
    organiser, app = key(system, "organiser"), key(system, "resident_app", "app-1")
    edited = call(system, "PATCH", f"{SHOP}/items/1", {"needs_approval": True}, organiser)
    assert edited.json()["needs_approval"] is True
    other = key(system, "organiser", "620502001002")
    assert call(system, "PATCH", f"{SHOP}/items/1", {"price": 1}, other).status_code == 404
    placed = call(system, "POST", f"{SHOP}/orders", ORDER, app).json()
    assert (placed["status"], balance(system)) == ("pending", 10)
    order = f"{SHOP}/orders/{placed['id']}"
    waiting = call(system, "GET", f"{order}/voucher.svg", None, app)
    assert (waiting.status_code, waiting.json()["error"]) == (409, "not_approved")
    assert call(system, "POST", f"{order}/approve", None, other).status_code == 404
    approved = call(system, "POST", f"{order}/approve", None, organiser)
    assert (approved.status_code, approved.json()["status"]) == (200, "issued")
    assert approved.json()["expires_at"] is not None
    cancelled = call(system, "POST", f"{order}/cancel", {"reason": "不要了"}, app)
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert balance(system) == 40
    items = call(system, "GET", f"{SHOP}/items?community={COMMUNITY}").json()["items"]
    assert [(i["id"], i["stock"]) for i in items] == [(1, 2)]
    listed = call(system, "GET", f"{SHOP}/orders?status=cancelled", None, organiser).json()
    assert [o["id"] for o in listed["orders"]] == [placed["id"]]


def test_an_order_no_organiser_approves_in_time_is_expired_by_the_timer(system):
    system.clock = clock = FakeClock(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    system.start("scoring")
    a_shop(system)
    organiser, app = key(system, "organiser"), key(system, "resident_app", "app-1")
    call(system, "PATCH", f"{SHOP}/items/1", {"needs_approval": True}, organiser)
    placed = call(system, "POST", f"{SHOP}/orders", ORDER, app).json()
    order = f"{SHOP}/orders/{placed['id']}"
    clock.advance(7 * 86400 - 1)  # a second short of the sample's scoring.shop.pending_days
    system.tick("scoring", "expire_shop_orders")
    assert call(system, "GET", order, None, organiser).json()["status"] == "pending"
    clock.advance(1)
    system.tick("scoring", "expire_shop_orders")
    assert call(system, "GET", order, None, organiser).json()["status"] == "expired"
    items = call(system, "GET", f"{SHOP}/items?community={COMMUNITY}").json()["items"]
    assert ([i["stock"] for i in items], balance(system)) == ([2], 40)
    late = call(system, "POST", f"{order}/approve", None, organiser)
    assert (late.status_code, late.json()["error"]) == (409, "not_pending")
    metrics = system.get("scoring", "/metrics").text
    assert 'gongzhi_scoring_shop_orders_total{outcome="expired",service="scoring"} 1.0' in metrics
