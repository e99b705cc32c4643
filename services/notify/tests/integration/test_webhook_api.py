"""Another system subscribes to notify's events with an integrator's key, and a report made at
intake reaches it across the bus as a signed Standard Webhook. Each refusal: no key, another
role's key, another holder's subscription, an event type notify does not offer."""

import pytest
import requests
from standardwebhooks import Webhook

from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
SUBMITTED = "intake.report.submitted.v1"
PARKED = {"category": "disorderly-parking", "lat": 34.5805, "long": 105.7203, "channel": "app"}


def key(system, holder: str = "ops-system", role: str = "integrator") -> dict[str, str]:
    return {"X-Api-Key": system.key("notify", role, holder)}


def subscribe(system, url: str, types=(SUBMITTED,), **headers) -> requests.Response:
    wanted = {"url": url, "event_types": list(types)}
    return system.post("notify", "/api/v1/webhooks", json=wanted, headers=headers or key(system))


def call(system, method: str, path: str, headers: dict[str, str]) -> requests.Response:
    return requests.request(method, system.url("notify", path), headers=headers, timeout=10)


def test_a_report_reaches_the_subscriber_signed_and_verified(system, http_server):
    system.start("intake", "notify")
    made = subscribe(system, http_server.url(scheme="http"))
    assert made.status_code == 201, made.text
    secret = made.json()["secret"]
    assert secret.startswith("whsec_")

    report = {**PARKED, "description": "消防通道被车辆堵住", "reporter_contact": "138 0013 8000"}
    resident = {"X-Api-Key": system.key("intake", "resident_app")}
    assert system.post("intake", "/api/v1/reports", json=report, headers=resident).ok

    [request] = eventually(lambda: http_server.requests)
    event = Webhook(secret).verify(request.body, request.headers)
    assert event["type"] == SUBMITTED
    assert "13800138000" not in request.body.decode()
    eventually(lambda: system.metric("notify", "gongzhi_notify_webhook_deliveries_total") == 1)
    listed = system.get("notify", "/api/v1/webhooks", headers=key(system)).json()["webhooks"]
    assert [(w["id"], w["enabled"], "secret" in w) for w in listed] == [
        (made.json()["id"], True, False)
    ]


def test_webhooks_are_refused_without_an_integrators_key(system, http_server):
    system.start("notify")
    assert subscribe(system, http_server.url(), **{"X-Api-Key": ""}).status_code == 403
    operator = key(system, "ops", role="operator")
    assert subscribe(system, http_server.url(), **operator).status_code == 403
    assert call(system, "GET", "/api/v1/webhooks", {}).status_code == 403
    assert call(system, "GET", "/api/v1/webhooks", operator).status_code == 403


def test_another_holders_subscription_is_not_found(system, http_server):
    system.start("notify")
    mine = subscribe(system, http_server.url(scheme="http")).json()["id"]
    theirs = key(system, "other-system")
    for method, path in (
        ("GET", f"/api/v1/webhooks/{mine}"),
        ("DELETE", f"/api/v1/webhooks/{mine}"),
        ("POST", f"/api/v1/webhooks/{mine}/enable"),
    ):
        assert call(system, method, path, theirs).status_code == 404, (method, path)
    assert system.get("notify", "/api/v1/webhooks", headers=theirs).json() == {"webhooks": []}
    assert call(system, "DELETE", f"/api/v1/webhooks/{mine}", key(system)).status_code == 200
    assert call(system, "GET", f"/api/v1/webhooks/{mine}", key(system)).status_code == 404


def test_a_subscription_names_its_bad_fields(system):
    system.start("notify")
    kept_only = subscribe(system, "https://ops.example.cn/hook", ("intake.contact.shared.v1",))
    assert kept_only.status_code == 400
    assert "event_types" in kept_only.json()["details"]
    no_url = subscribe(system, "ftp://ops.example.cn/hook")
    assert (no_url.status_code, list(no_url.json()["details"])) == (400, ["url"])
    none = subscribe(system, "https://ops.example.cn/hook", ())
    assert "event_types" in none.json()["details"]
