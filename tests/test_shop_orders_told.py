"""The shop's orders heard through the running services (issue 14 point 5): scoring and notify
run on one clock; a resident app orders, for a registered volunteer, an item that needs an
organiser's approval, and the community's workstation finds the order waiting in its notify
inbox; nobody approves it within the sample's seven days, the timer expires it, the volunteer
has the points back and the workstation is told that too, by the sample's rules and template."""

from datetime import UTC, datetime

import pytest

from gongzhi.testing.system import eventually
from gongzhi.testing.units import FakeClock

pytestmark = pytest.mark.integration
COMMUNITY = "620502001001"
WEDNESDAY = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 10:00 in Xiguan
ITEM = {"community": COMMUNITY, "provider": "m-1", "name": "理发券", "price": 10, "stock": 3}
ITEM["needs_approval"] = True  # its orders wait for the organiser


def key(system, service: str, role: str, name: str) -> dict[str, str]:
    return {"X-Api-Key": system.key(service, role, name)}


def app(system) -> dict[str, str]:
    return key(system, "scoring", "resident_app", "app-1")


def a_shop_and_a_volunteer_with_ten_points(system) -> None:
    """Volunteer p-1 earns 10 points (a claim its organiser approves); merchant m-1 provides
    理发券 for 10, an item whose orders the organiser approves."""
    operator = key(system, "scoring", "operator", "ops")
    organiser = key(system, "scoring", "organiser", COMMUNITY)
    person = {"person": "p-1", "community": COMMUNITY, "role": "volunteer"}
    assert system.post("scoring", "/api/v1/people", json=person, headers=operator).ok
    claim = {"person": "p-1", "activity": "public_welfare_post", "quantity": 2, "client_key": "c"}
    made = system.post("scoring", "/api/v1/claims", json=claim, headers=app(system)).json()
    approved = system.post("scoring", f"/api/v1/claims/{made['id']}/approve", headers=organiser)
    assert approved.ok, approved.text
    merchant = {"kind": "merchant", "holder": "m-1", "community": COMMUNITY}
    assert system.post("scoring", "/api/v1/accounts", json=merchant, headers=operator).ok
    listed = system.post("scoring", "/api/v1/shop/items", json=ITEM, headers=organiser)
    assert listed.status_code == 201, listed.text


def test_an_order_waiting_for_approval_and_its_lapse_reach_the_communitys_workstation(system):
    system.clock = clock = FakeClock(WEDNESDAY)
    system.start("scoring", "notify")
    a_shop_and_a_volunteer_with_ten_points(system)
    wanted = {"person": "p-1", "item": 1, "client_key": "k-1"}
    placed = system.post("scoring", "/api/v1/shop/orders", json=wanted, headers=app(system))
    assert (placed.status_code, placed.json()["status"]) == (201, "pending"), placed.text
    workstation = key(system, "notify", "staff", COMMUNITY)

    def told(count: int):
        messages = system.get("notify", "/api/v1/inbox", headers=workstation).json()["messages"]
        return sorted(m["title"] for m in messages) if len(messages) == count else None

    assert eventually(lambda: told(1), interval=0.25) == ["积分兑换待审批:理发券"]
    clock.advance(7 * 86400)  # the sample's scoring.shop.pending_days
    system.tick("scoring", "expire_shop_orders")
    titles = eventually(lambda: told(2), interval=0.25)
    assert titles == ["积分兑换待审批:理发券", "积分兑换逾期未审批:理发券"]
    operator = key(system, "scoring", "operator", "ops")
    assert system.get("scoring", "/api/v1/people/p-1", headers=operator).json()["balance"] == 10
