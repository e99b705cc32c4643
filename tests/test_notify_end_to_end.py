"""Issue 12 as deployed: intake, routing and notify each `gongzhi serve`d in a process of its own,
on the real clock, with a district whose notify channels are real local servers: an SMTP server
(aiosmtpd), a webhook receiver and the district's SMS gateway. A resident reports a blocked sewer
with a phone number, a neighbour co-reports it (附议) with an e-mail address; the grid worker,
whose e-mail an operator imported with `gongzhi notify directory import`, answers and resolves
it. Each person hears exactly what they should on the channel they have; the gateway answering
500 for the grid worker's number is retried, then the chain falls back to e-mail, and the
delivery log shows every try; the co-reporter's e-mails carry their own link, and one click on
the unsubscribe their headers name opts them out; no phone number or e-mail is in clear on the
bus or in a log, and no link's token in a log."""

import re
import runpy
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kombu
import pytest
import requests

from gongzhi import catalogue, topology
from gongzhi.district import load_district
from gongzhi.testing.bus import take_all
from gongzhi.testing.districts import copy_sample, replace_section
from gongzhi.testing.processes import Served, database_environ
from gongzhi.testing.system import eventually, free_port

pytestmark = pytest.mark.integration
# pytest imports notify's tests/ folder as the package `tests` (see services/notify/conftest.py),
# so its servers are run from their file rather than imported.
SERVERS = runpy.run_path(
    str(Path(__file__).parents[1] / "services" / "notify" / "tests" / "servers.py")
)
SERVICES = ("intake", "routing", "notify")
GRID = "620502001001001"
WORKER = f"gw-{GRID}"
WORKER_PHONE, WORKER_EMAIL = "13800138001", "wang.gang@example.com"
PHONE, EMAIL = "138 0013 8000", "li.ming@example.com"  # the reporter's, the co-reporter's
IN_CLEAR = ("13800138000", "138 0013 8000", WORKER_PHONE, WORKER_EMAIL, EMAIL)  # +86 too
LINK = re.compile(r"http://127\.0\.0\.1:\d+/api/v1/preferences/resident\?token=([\w.-]+)")
TAP = "tests.notify.tap"  # a queue of this test's own: a copy of every event on the bus
REPLIED = {"text": "已联系排水公司, 明日上午上门疏通", "photos": []}
CLEARED = {"text": "管道已疏通, 路面已清理消毒", "photos": []}
SEWER = {
    "category": "blocked-sewer",
    "description": "下水道堵塞, 污水漫到路面",
    "channel": "app",
    "attributes": {"overflowing": "yes", "gas_smell": "no"},
}
DIRECTORY = f"""id,kind,name,phone,email,wecom,dingtalk,feishu,community
{WORKER},grid_worker,王刚,{WORKER_PHONE},{WORKER_EMAIL},,,,620502001001
"""
# Its notify section, on the test's servers (EMAIL_URL ... filled in), and a template of this
# district alone: the owner's duty board hears each resolution by webhook.
DATA = Path(__file__).parent / "data" / "notify_end_to_end"


def district_for(folder: Path, smtp, gateway, hook, notify_port: int) -> Path:
    """The sample district, its notify section replaced by one on the test's servers, residents'
    links pointing at notify on `notify_port`."""
    copy = copy_sample(folder)
    shutil.copy(DATA / "issue.step.j2", copy / "templates")
    section = (
        (DATA / "notify.yaml")
        .read_text(encoding="utf-8")
        .replace("EMAIL_URL", smtp.url())
        .replace("SMS_URL", gateway.url().replace(gateway.secret, "{env:GONGZHI_SECRET_SMS}"))
        .replace("WEBHOOK_URL", hook.url())
        .replace("NOTIFY_URL", f"http://127.0.0.1:{notify_port}")
    )
    replace_section(copy, "notify", section)
    return copy


def tapped(amqp_uri: str) -> None:
    """Bind TAP to every exchange of the topology, so it takes a copy of whatever crosses."""
    with kombu.Connection(amqp_uri) as connection:
        channel = connection.channel()
        channel.queue_declare(TAP, durable=True, auto_delete=False)
        for name, kind in topology.plan(catalogue.load()).exchanges:
            channel.queue_bind(TAP, name, "#" if kind == "topic" else "", arguments={})
        channel.close()


@pytest.fixture
def servers() -> Iterator[dict[str, Any]]:
    with (
        SERVERS["smtp_server"]() as smtp,
        SERVERS["sms_gateway"]() as gateway,
        SERVERS["http_server"]() as hook,
    ):
        yield {"smtp": smtp, "sms": gateway, "hook": hook}


@pytest.fixture
def served(tmp_path, amqp_uri, database_settings, servers) -> Iterator[Served]:
    tapped(amqp_uri)
    notify_port = free_port()
    folder = district_for(tmp_path, servers["smtp"], servers["sms"], servers["hook"], notify_port)
    environ = {
        "AMQP_URI": amqp_uri,
        "GONGZHI_DISPATCH_SECONDS": "0.2",
        "GONGZHI_SECRET_SMS": servers["sms"].secret,
        "GONGZHI_RATE_PER_MINUTE": "60000",  # the test polls with one key
        "GONGZHI_RATE_BURST": "1000",
        **database_environ({s: database_settings[s] for s in SERVICES}),
    }
    running = Served(tmp_path, environ, folder)
    running.ports["notify"] = notify_port
    try:
        running.prepare(*SERVICES)
        running.gongzhi("check-config", str(folder))
        directory = tmp_path / "directory.csv"
        directory.write_text(DIRECTORY, encoding="utf-8")
        running.gongzhi("notify", "directory", "import", str(directory))
        running.start(*SERVICES)
        yield running
    finally:
        running.stop_all()


def post(served: Served, url: str, body: dict, key: str) -> dict:
    response = requests.post(url, json=body, headers={"X-Api-Key": key}, timeout=10)
    assert response.status_code in (200, 201), response.text
    return response.json()


def report(served: Served, point, contact: str) -> dict:
    body = {**SEWER, "lat": point.y, "long": point.x, "reporter_contact": contact}
    key = served.issue_key("intake", "resident_app")
    return post(served, served.url("intake", "/api/v1/reports"), body, key)


def act(served: Served, case: str, key: str, action: str, **more) -> None:
    body = {"action": action, "actor": "owner", **more}
    post(served, served.url("routing", f"/api/v1/cases/{case}/actions"), body, key)


def settled(served: Served, case: str, key: str, count: int) -> list[dict]:
    """The case's delivery log once `count` messages are in it and none is still under way."""

    def done() -> list[dict] | None:
        served.check_running()
        url = served.url("notify", "/api/v1/deliveries")
        found = requests.get(url, params={"subject": case}, headers={"X-Api-Key": key}, timeout=10)
        assert found.status_code == 200, found.text
        log = found.json()["deliveries"]
        moving = [d for d in log if d["status"] in ("pending", "sending")]
        return log if len(log) == count and not moving else None

    return sorted(eventually(done, timeout=40, interval=0.25), key=lambda d: d["id"])


def to_number(gateway, digits: str) -> list[str]:
    """The texts the gateway took for a number (it sees it as +86...)."""
    return [s["text"] for s in gateway.sent if s["phone_numbers"] == [f"+86{digits}"]]


def mails_by_recipient(smtp) -> dict[str, list]:
    mails: dict[str, list] = {}
    for mail in smtp.mails:
        mails.setdefault(mail.recipients[0], []).append(mail.message)
    return mails


def shows_a_contact(text: str) -> bool:
    """Any of the test's phone numbers or e-mail addresses in clear. Not `personal.mask(text) !=
    text`: it takes a longitude such as 105.7016665 in an event's JSON for a phone number."""
    return any(clear in text for clear in IN_CLEAR)


def down_for(gateway, number: str) -> None:
    """The gateway answers 500 to every text for `number`, as it answers the others."""
    answer = gateway.answer

    def failing(request) -> tuple[int, Any] | None:
        answered = answer(request)
        if answered and request.json()["phone_numbers"] == [number]:
            return 500, {"code": "InternalError", "message": "the gateway is down"}
        return answered

    gateway.http.answer = failing


def reported_twice(served: Served) -> str:
    """A resident reports by phone, a neighbour 11 m away by e-mail: one case (附议), its id."""
    point = load_district(served.district).grid(GRID).polygon.representative_point()
    first = report(served, point, PHONE)
    near = type(point)(point.x, point.y + 0.0001)
    second = report(served, near, EMAIL)
    assert (second["id"], second["merged"]) == (first["id"], True)
    return str(first["id"])


def worked_through(served: Served, case: str) -> None:
    """The grid worker accepts, starts, answers and resolves the case in routing."""
    key = served.issue_key("routing", "grid_worker", WORKER)
    url = served.url("routing", f"/api/v1/cases/{case}")
    eventually(lambda: requests.get(url, headers={"X-Api-Key": key}, timeout=10).ok)
    for action in ("accept", "start"):
        act(served, case, key, action)
    act(served, case, key, "reply", answer=REPLIED)
    act(served, case, key, "resolve", answer=CLEARED)


def one_click_opts_out(served: Served, mails: list) -> set[str]:
    """The link to the resident's preferences in each e-mail and the one-click unsubscribe its
    headers name, with the same token; the last one clicked, and the link then read. The
    tokens the e-mails carried."""
    base = served.url("notify", "/api/v1/preferences/resident")
    tokens = [LINK.findall(mail.get_content()) for mail in mails]
    assert [len(found) for found in tokens] == [1] * len(mails)
    assert [mail["List-Unsubscribe"] for mail in mails] == [
        f"<{base}/unsubscribe?token={token}>" for [token] in tokens
    ]
    assert {mail["List-Unsubscribe-Post"] for mail in mails} == {"List-Unsubscribe=One-Click"}

    [last] = tokens[-1]
    form = {"List-Unsubscribe": "One-Click"}
    clicked = requests.post(f"{base}/unsubscribe?token={last}", data=form, timeout=10)
    shown = requests.get(f"{base}?token={last}", timeout=10).json()

    assert (clicked.status_code, clicked.json()) == (200, {"opted_out": ["case"]})
    assert (shown["address"], shown["channels"]) == ("email", ["email"])
    assert shown["preferences"] == [
        {"topic": "case", "channels": [], "opted_out": True, "digest": False}
    ]
    return {token for [token] in tokens}


def tries(delivery: dict) -> list[tuple[str, str]]:
    return [(t["channel"], t["outcome"]) for t in delivery["attempts"]]


def test_everyone_hears_on_their_channel_a_failing_gateway_falls_back_nothing_in_clear(
    served, servers, amqp_uri
):
    smtp, gateway, hook = servers["smtp"], servers["sms"], servers["hook"]
    down_for(gateway, f"+86{WORKER_PHONE}")
    case = reported_twice(served)
    worked_through(served, case)

    log = settled(served, case, served.issue_key("notify", "operator"), count=8)

    # The reporter, by SMS: the receipt with the case number, the answer, the resolution.
    receipt, answer, resolution = to_number(gateway, "13800138000")
    assert case in receipt
    assert REPLIED["text"][:10] in answer
    assert "办结" in resolution
    # The co-reporter, by e-mail (no phone: SMS passed over): the same three.
    mails = mails_by_recipient(smtp)
    co = mails.pop(EMAIL)
    assert [m["subject"].split(":")[0].split(",")[0] for m in co] == [
        "您反映的问题已受理",
        "您反映的问题有了答复",
        "您反映的问题已办结",
    ]
    assert case in co[0].get_content()
    assert REPLIED["text"] in co[1].get_content()
    assert CLEARED["text"] in co[2].get_content()
    # The grid worker: the gateway failed twice for their number, then the assignment by e-mail.
    [assigned] = mails.pop(WORKER_EMAIL)
    assert assigned["subject"].startswith("新诉求派发给您")
    assert case in assigned.get_content()
    assert mails == {}
    assert len(to_number(gateway, WORKER_PHONE)) == 2
    # The owner's duty board, by webhook: the resolution.
    [board] = hook.requests
    assert board.json()["title"] == f"诉求{case}办结"

    # The delivery log: every try of each message, all of them sent in the end.
    assert {d["status"] for d in log} == {"sent"}
    [told] = [d for d in log if d["recipient"] == WORKER and d["template"] == "issue.assigned"]
    assert tries(told) == [("sms", "failed"), ("sms", "failed"), ("email", "sent")]
    assert "500" in told["attempts"][0]["error"]
    by_email = [tries(d) for d in log if d["channel"] == "email" and d["recipient"] != WORKER]
    # Under load a message may be tried before intake's sealed contact reaches notify (another
    # queue): that try fails for want of an address and is retried; the last two are the same.
    assert len(by_email) == 3
    for each in by_email:
        assert each[-2:] == [("sms", "skipped"), ("email", "sent")]
        assert {status for _, status in each[:-2]} <= {"failed"}

    # The co-reporter's own link, in each e-mail's body and as the one-click unsubscribe its
    # headers name (RFC 8058): one click opts them out of what is not urgent, and the link in
    # the body shows it. The reporter's SMS stay under 70 characters, without it.
    tokens = one_click_opts_out(served, co)
    assert [text for text in to_number(gateway, "13800138000") if "token=" in text] == []

    # Nothing in clear: every event that crossed the bus, every line each service logged.
    crossed = [m.body.decode() for m in take_all(amqp_uri, TAP)]
    assert sum("intake.contact.shared.v1" in body for body in crossed) == 2  # sealed, they crossed
    assert [body for body in crossed if shows_a_contact(body)] == []
    for service in SERVICES:
        lines = served.log(service).read_text(encoding="utf-8").splitlines()
        assert [line for line in lines if shows_a_contact(line)] == [], service
        assert [line for line in lines if any(token in line for token in tokens)] == [], service
    assert sum('"message_tried"' in line for line in lines) >= 8 + 3  # notify's: it logs each try
