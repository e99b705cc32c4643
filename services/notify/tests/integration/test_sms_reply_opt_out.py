"""A resident reached only by SMS opts out by replying TD, on the running intake and notify, with
the district's SMS gateway a real local server: they report with their phone number, the receipt
reaches the gateway ending 回T退订, the gateway posts their reply TD (with a stranger's and a
thank-you); the case's resolution is then `suppressed`, `opted out`, while its reopening, critical
here, still reaches their phone; DY opts them back in. The answer is the same for a number
notify holds no contact for, the thank-you is counted, and no log line holds a number or a text.
"""

import dataclasses
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from structlog.testing import capture_logs

from gongzhi import contacts, logs
from gongzhi.db import create_engine_for
from gongzhi.testing.bus import publish
from gongzhi.testing.districts import SEWER_REPORT, copy_sample, replace_section
from gongzhi.testing.plugin import DISPATCH_SECONDS
from gongzhi.testing.system import TEST_ENVIRON, System, eventually
from notify.model import preferences
from notify.samples import sample_event

pytestmark = pytest.mark.integration
NUMBER, STRANGER = "13800138000", "13900139000"
REPLIES = "/api/v1/sms/replies"
TRANSITIONED = "routing.issue.transitioned.v1"
NOTIFY = """notify:
  templates: templates
  channels:
    sms: {kind: apprise, url: "SMS_URL", address: phone, variant: sms}
  retry: {attempts: 2, base_seconds: 0.2, max_age_minutes: 10, timeout_seconds: 5}
  quiet_hours: {start: "00:00", end: "00:00"}  # none: the test runs on the real clock
  residents: {public_url: "http://127.0.0.1:8003"}
  rules:
    - event: intake.report.submitted.v1
      to: [reporter]
      template: report.received
      chain: [sms]
    - event: routing.issue.transitioned.v1
      when: {action: [resolve]}
      to: [reporter, co_reporters]
      template: report.resolved
      chain: [sms]
    - event: routing.issue.transitioned.v1
      when: {action: [reopen]}
      to: [reporter, co_reporters]
      template: report.reopened
      chain: [sms]
      critical: true

"""


@pytest.fixture
def system(tmp_path, amqp_uri, database_settings, sms_gateway, monkeypatch) -> Iterator[System]:
    """intake and notify on the sample district, notify telling residents by the gateway."""
    folder = copy_sample(tmp_path)
    url = sms_gateway.url().replace(sms_gateway.secret, "{env:GONGZHI_SECRET_SMS}")
    replace_section(folder, "notify", NOTIFY.replace("SMS_URL", url))
    monkeypatch.setenv("GONGZHI_SECRET_SMS", sms_gateway.secret)
    running = System(amqp_uri, database_settings, folder)
    running.environ["GONGZHI_DISPATCH_SECONDS"] = DISPATCH_SECONDS
    yield running.start("intake", "notify")
    running.stop_all()


def reported(system) -> str:
    key = {"X-Api-Key": system.key("intake", "resident_app")}
    report = {**SEWER_REPORT, "reporter_contact": "138 0013 8000"}
    made = system.post("intake", "/api/v1/reports", json=report, headers=key)
    assert made.status_code == 201, made.text
    return made.json()["id"]


def texts_to(gateway, count: int) -> list[str]:
    """The SMS the gateway took, once there are `count`, each to the resident's number."""
    sent = eventually(lambda: gateway.sent if len(gateway.sent) >= count else None)
    assert [s["phone_numbers"] for s in sent] == [["+8613800138000"]] * len(sent)
    return [s["text"] for s in sent]


def step(system, case: str, action: str, n: int = 1) -> None:
    """routing's step of the case, as routing publishes it onto the bus."""
    sample = sample_event(TRANSITIONED)
    data = {**sample.data, "issue_id": case, "action": action}
    event = dataclasses.replace(sample, data=data, subject=case, id=f"{case}-{action}-{n}")
    publish(system.amqp_uri, "gongzhi.routing", TRANSITIONED, event.to_json())


def messages(system, case: str, count: int) -> list[tuple[str, str, str | None]]:
    """(template, status, reason) of the case's messages, oldest first, once `count` are
    settled."""
    key = {"X-Api-Key": system.key("notify", "operator")}

    def settled():
        found = system.get("notify", "/api/v1/deliveries", params={"subject": case}, headers=key)
        log = found.json()["deliveries"]
        done = [d for d in log if d["status"] not in ("pending", "sending")]
        return sorted(log, key=lambda d: d["id"]) if len(done) == count else None

    return [(d["template"], d["status"], d["reason"]) for d in eventually(settled)]


def replied(system, *replies: tuple[str, str]):
    body = {"replies": [{"phone_number": n, "content": t} for n, t in replies]}
    key = {"X-Api-Key": system.key("notify", "gateway", "sms-gateway")}
    return system.post("notify", REPLIES, json=body, headers=key)


def opted_out(system) -> list[tuple[str, bool]]:
    """Every resident's choices notify keeps: (recipient, opted out)."""
    engine = create_engine_for(system.databases["notify"])
    with engine.connect() as connection:
        p = preferences.c
        found = connection.execute(select(p.recipient, p.opted_out).order_by(p.recipient))
        rows = [(recipient, bool(out)) for recipient, out in found]
    engine.dispose()
    return rows


def test_a_residents_td_reply_suppresses_what_can_wait_and_not_what_is_critical(
    system, sms_gateway, caplog
):
    case = reported(system)
    [receipt] = texts_to(sms_gateway, 1)
    assert receipt.endswith("回T退订"), receipt

    caplog.set_level(logging.DEBUG)
    with capture_logs() as logged:
        answer = replied(system, ("+8613800138000", "TD"), (STRANGER, "td"), (NUMBER, "谢谢!"))
    step(system, case, "resolve")
    step(system, case, "reopen")

    meanings = ["opt_out", "opt_out", "ignored"]
    assert (answer.status_code, answer.json()) == (200, {"meanings": meanings})
    assert messages(system, case, 3) == [
        ("report.received", "sent", None),
        ("report.resolved", "suppressed", "opted out"),
        ("report.reopened", "sent", None),  # critical
    ]
    assert "已重新办理" in texts_to(sms_gateway, 2)[1]
    ref = contacts.reporter_ref(NUMBER, TEST_ENVIRON["GONGZHI_PSEUDONYM_KEY"].encode())
    assert opted_out(system) == [(f"resident:{ref}", True)]  # the stranger's TD kept nothing
    assert system.metric("notify", "gongzhi_notify_sms_replies_total") == 3
    # Apprise's own DEBUG line naming the gateway's URL, to= and all, is the channel's, not the
    # reply's: it is written while the dispatcher sends, not by this route.
    records = [r for r in caplog.records if not r.name.startswith("apprise")]
    lines = [str(line) for line in logged] + [logs.mask(r.getMessage()) for r in records]
    assert [line for line in lines if any(s in line for s in (NUMBER, STRANGER, "谢谢"))] == []
    assert f"'ref': '{ref}'" in str(logged)  # the ref is what is logged

    assert replied(system, (NUMBER, "DY")).json() == {"meanings": ["opt_in"]}
    step(system, case, "resolve", 2)
    assert messages(system, case, 4)[-1] == ("report.resolved", "sent", None)
    assert "已办结" in texts_to(sms_gateway, 3)[2]
