"""A resident's own preferences through notify's live HTTP API, with no key but the token of
the link their messages carry: a resident who reported by e-mail reads what they may choose,
opts out, and unsubscribes in one click; no token, a malformed, a forged and an expired one are
each refused with the reason, and so is an API key of any role in place of a token; no log line
holds a token."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import requests
from structlog.testing import capture_logs

from gongzhi import logs
from gongzhi.testing.districts import SEWER_REPORT
from gongzhi.testing.system import TEST_PREFERENCES_KEY, eventually
from notify.links import Links

pytestmark = pytest.mark.integration
PATH = "/api/v1/preferences/resident"
ONE_CLICK = f"{PATH}/unsubscribe"
LINKS = Links((TEST_PREFERENCES_KEY.encode(),), "http://localhost:8003")


def reported(system) -> str:
    """A resident reports by e-mail; their ref, once notify has told them of the receipt."""
    key = {"X-Api-Key": system.key("intake", "resident_app")}
    report = {**SEWER_REPORT, "reporter_contact": "li.ming@example.com"}
    made = system.post("intake", "/api/v1/reports", json=report, headers=key)
    assert made.status_code == 201, made.text
    operator = {"X-Api-Key": system.key("notify", "operator")}
    query = {"subject": made.json()["id"]}

    def told() -> list[dict]:
        return system.get("notify", "/api/v1/deliveries", params=query, headers=operator).json()[
            "deliveries"
        ]

    [receipt] = eventually(told)
    return receipt["recipient"].removeprefix("resident:")


@pytest.fixture
def resident(system) -> str:
    system.start("intake", "notify")
    return reported(system)


def now() -> datetime:
    return datetime.now(UTC)


def call(system, method: str, path: str, token: str | None, **more) -> requests.Response:
    params = {"token": token} if token is not None else {}
    return requests.request(method, system.url("notify", path), params=params, timeout=10, **more)


def test_a_resident_reads_what_they_may_choose_and_opts_out(system, resident):
    token = LINKS.token(resident, now())

    shown = call(system, "GET", PATH, token)
    chosen = {"preferences": [{"topic": "case", "opted_out": True}]}
    put = call(system, "PUT", PATH, token, json=chosen)

    assert shown.status_code == 200, shown.text
    # The sample district tells residents by the log alone: no channel reaches an address.
    assert shown.json() == {
        "address": "email",
        "channels": [],
        "topics": ["case"],
        "preferences": [],
    }
    assert put.status_code == 200, put.text
    assert put.json()["preferences"] == [
        {"topic": "case", "channels": [], "opted_out": True, "digest": False}
    ]
    assert call(system, "GET", PATH, token).json()["preferences"] == put.json()["preferences"]


def test_a_channel_that_does_not_reach_them_is_refused_and_nothing_kept(system, resident):
    token = LINKS.token(resident, now())

    refused = call(
        system, "PUT", PATH, token, json={"preferences": [{"topic": "case", "channels": ["log"]}]}
    )

    assert refused.status_code == 400
    assert list(refused.json()["details"]) == ["preferences.0.channels.0"]
    assert call(system, "GET", PATH, token).json()["preferences"] == []


def test_one_click_unsubscribes_from_every_topic(system, resident):
    token = LINKS.token(resident, now())

    clicked = call(system, "POST", ONE_CLICK, token, data={"List-Unsubscribe": "One-Click"})
    not_one_click = call(system, "POST", ONE_CLICK, token, data={"unsubscribe": "yes"})

    assert (clicked.status_code, clicked.json()) == (200, {"opted_out": ["case"]})
    assert call(system, "GET", PATH, token).json()["preferences"][0]["opted_out"] is True
    assert not_one_click.status_code == 400
    assert "List-Unsubscribe=One-Click" in not_one_click.json()["message"]


def test_each_bad_token_is_refused_with_its_reason_on_every_route(system, resident):
    good = LINKS.token(resident, now())
    forged = Links((b"not-notifys-key-" * 3,), None).token(resident, now())
    expired = LINKS.token(resident, now() - timedelta(days=91))
    refusals = {
        None: (400, "bad_token", "no token"),
        "my-link": (400, "bad_token", "not a link token"),
        good[:-3] + "abc": (403, "forbidden", "signature does not match"),
        forged: (403, "forbidden", "signature does not match"),
        expired: (403, "forbidden", "expired"),
    }
    form = {"data": {"List-Unsubscribe": "One-Click"}}
    routes = [
        ("GET", PATH, {}),
        ("PUT", PATH, {"json": {"preferences": []}}),
        ("POST", ONE_CLICK, form),
    ]
    for token, (status, code, reason) in refusals.items():
        for method, path, body in routes:
            answer = call(system, method, path, token, **body)
            assert (answer.status_code, answer.json()["error"]) == (status, code), (method, token)
            assert reason in answer.json()["message"]
    assert call(system, "GET", PATH, good).json()["preferences"] == []  # nothing changed


def test_an_api_key_is_no_use_in_place_of_a_token(system, resident):
    for role in ("operator", "staff", "integrator", "gateway"):
        key = {"X-Api-Key": system.key("notify", role, f"resident:{resident}")}
        answer = call(system, "GET", PATH, None, headers=key)
        assert (answer.status_code, answer.json()["error"]) == (400, "bad_token"), role


def test_no_log_line_holds_a_token(system, resident, caplog):
    caplog.set_level(logging.DEBUG)
    good, expired = LINKS.token(resident, now()), LINKS.token(resident, now() - timedelta(days=91))

    with capture_logs() as logged:
        for token in (good, expired, good + "x"):
            call(system, "GET", PATH, token)
            call(system, "POST", ONE_CLICK, token, data={"List-Unsubscribe": "One-Click"})

    signatures = [token.rsplit(".", 1)[1] for token in (good, expired)]
    written = [
        logs.mask(record.getMessage()) for record in caplog.records
    ]  # as gongzhi.logs writes
    assert [line for line in written if any(s in line for s in signatures)] == []
    assert [line for line in logged if any(s in str(line) for s in signatures)] == []
    assert any("token=[redacted]" in line for line in written)  # the access log line, masked
