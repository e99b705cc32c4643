"""Every notify route, by the role of the key that calls it (access.py's table), on the running
service: each role the table allows gets through, and each other role, and no key, is refused."""

import pytest

pytestmark = pytest.mark.integration

ROLES = ("operator", "staff", "integrator", "gateway", None)
RECEIPT = {"receipts": [{"provider_id": "SM-1", "status": "delivered"}]}
REPLY = {"replies": [{"phone_number": "13800138000", "content": "TD"}]}
# route: (method, path, body, the role it is for, what that role gets)
ROUTES = {
    "delivery log": ("GET", "/api/v1/deliveries?subject=c1", None, "operator", 200),
    "inbox": ("GET", "/api/v1/inbox", None, "staff", 200),
    "mark read": ("POST", "/api/v1/inbox/1/read", None, "staff", 404),  # nothing of theirs
    "receipts": ("POST", "/api/v1/receipts", RECEIPT, "gateway", 200),
    "sms replies": ("POST", "/api/v1/sms/replies", REPLY, "gateway", 200),
}


@pytest.mark.parametrize("route", ROUTES)
def test_each_route_lets_its_role_in_and_refuses_every_other_role_and_no_key(system, route):
    system.start("notify")
    method, path, body, allowed, status = ROUTES[route]
    for role in ROLES:
        headers = {"X-Api-Key": system.key("notify", role, "gw-1")} if role else {}
        answer = system.post if method == "POST" else system.get
        got = answer("notify", path, json=body, headers=headers)
        expected = status if role == allowed else 403
        assert got.status_code == expected, (role, got.text)
        if expected == 403:
            assert got.json()["error"] == "forbidden"
