"""Delivery receipts from a real local SMS gateway's message ids: delivered settles the message,
failed sends it down its chain, and a repeated or unknown receipt changes nothing."""

import contextlib
from types import SimpleNamespace

import pytest

from gongzhi.testing.units import FakeClock, an_event, session_fixture
from notify import delivery, dispatch, model, receipts, views
from notify.channels import Channel
from notify.retries import Retry
from notify.rules import RuleSchema, messages_for

session = session_fixture(model.metadata)
INBOX = Channel("inbox", "inbox", None, "none", "text")
RETRY = Retry(attempts=2, base_seconds=10, max_age_minutes=60, timeout_seconds=2)


@pytest.fixture
def sent(session, sms_gateway):
    """A message to gw-1 sent through the gateway (chain: sms, then the inbox): its log entry,
    and the clock."""
    clock = FakeClock()
    sms = Channel("sms", "apprise", sms_gateway.url(), "phone", "sms")
    channels = {"sms": sms, "inbox": INBOX}
    rule = RuleSchema().load(
        {
            "event": "routing.issue.assigned.v1",
            "to": ["owner"],
            "template": "t",
            "chain": ["sms", "inbox"],
        }
    )
    data = {"issue_id": "c1", "action": "assign", "owner": {"kind": "grid_worker", "id": "gw-1"}}
    event = an_event("routing.issue.assigned.v1", data)
    owed = messages_for(event, (rule,), session, {})
    delivery.owe(session, event, owed, channels, lambda *_: ("标题", "短信正文"), clock.now())
    run(session, clock, channels)
    [message] = views.deliveries_log(session, {"limit": 5, "stuck": False}, clock.now())
    assert message["status"] == "sent"
    return message, clock, channels


def run(session, clock, channels) -> dispatch.Pass:
    @contextlib.contextmanager
    def transaction():
        yield SimpleNamespace(session=session)

    return dispatch.run(transaction, channels, RETRY, lambda *_: "+8613800138000", clock)


def status_of(session, clock) -> str:
    [message] = views.deliveries_log(session, {"limit": 5, "stuck": False}, clock.now())
    return message["status"]


def test_a_delivered_receipt_settles_the_message_once(session, sent, sms_gateway):
    message, clock, _ = sent
    [attempt] = message["tries"]
    assert attempt["provider_id"] == "msg-1"
    receipt = receipts.Receipt("msg-1", "delivered")
    assert receipts.apply(session, receipt, clock.now()) == "delivered"
    assert status_of(session, clock) == "delivered"
    assert receipts.apply(session, receipt, clock.now()) == "settled"


def test_a_failed_receipt_sends_the_message_down_its_chain(session, sent):
    _, clock, channels = sent
    failed = receipts.Receipt("msg-1", "failed", "UNDELIV: the phone is off")
    assert receipts.apply(session, failed, clock.now()) == "next_channel"
    assert run(session, clock, channels).outcomes == {"delivered": 1}
    [message] = views.deliveries_log(session, {"limit": 5, "stuck": False}, clock.now())
    assert [(t["channel"], t["outcome"]) for t in message["tries"]] == [
        ("sms", "failed"),
        ("inbox", "sent"),
    ]
    assert "the phone is off" in message["tries"][0]["error"]


def test_a_receipt_for_a_message_nobody_sent_changes_nothing(session, sent):
    _, clock, _ = sent
    assert receipts.apply(session, receipts.Receipt("msg-404", "delivered"), clock.now()) == (
        "unknown"
    )
    assert status_of(session, clock) == "sent"
