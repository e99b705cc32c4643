"""Durable delivery on a real SQLite session: a message owed once, sent on its chain, retried
with backoff on a failing channel (a real local server answering 500), then the next channel;
every attempt in the log; no address anywhere is a failure that says so."""

import contextlib
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from gongzhi.testing.units import FakeClock, an_event, session_fixture
from notify import delivery, dispatch, model, views
from notify.addresses import NotYetKnown
from notify.channels import Channel
from notify.retries import Retry
from notify.rules import RuleSchema, messages_for

session = session_fixture(model.metadata)
INBOX = Channel("inbox", "inbox", None, "none", "text")
LOG = Channel("log", "log", None, "none", "text")
RETRY = Retry(attempts=2, base_seconds=10, max_age_minutes=60, timeout_seconds=2)


@pytest.fixture
def clock():
    return FakeClock()


def rule(chain: list[str], to: tuple = ("owner",)):
    return RuleSchema().load(
        {"event": "routing.issue.assigned.v1", "to": list(to), "template": "t", "chain": chain}
    )


def render(template: str, variant: str, recipient: str) -> tuple[str, str]:
    return f"{template} {variant}", f"{template} for {recipient} as {variant}"


def assigned(owner: str = "gw-1"):
    data = {"issue_id": "c1", "action": "assign", "owner": {"kind": "grid_worker", "id": owner}}
    return an_event("routing.issue.assigned.v1", data)


def owe(session, clock, channels: dict, chain: list[str], event=None) -> int:
    event = event or assigned()
    owed = messages_for(event, (rule(chain),), session, {})
    return delivery.owe(session, event, owed, channels, render, clock.now())


def run(session, clock, channels: dict, address_for=lambda *_: None) -> dispatch.Pass:
    @contextlib.contextmanager
    def transaction():
        yield SimpleNamespace(session=session)

    return dispatch.run(transaction, channels, RETRY, address_for, clock)


def log_of(session, clock) -> list[dict]:
    query = {"limit": 10, "stuck": False}
    return views.deliveries_log(session, query, clock.now())


def test_a_message_is_owed_once_per_recipient_and_template_however_often_its_event_comes(
    session, clock
):
    event = assigned()
    channels = {"inbox": INBOX}
    assert owe(session, clock, channels, ["inbox"], event) == 1
    assert owe(session, clock, channels, ["inbox"], event) == 0
    [message] = log_of(session, clock)
    assert (message["recipient"], message["status"], message["channel"]) == (
        "gw-1",
        "pending",
        "inbox",
    )
    assert message["rendered"] == {"text": {"title": "t text", "body": "t for gw-1 as text"}}


def test_the_inbox_delivers_at_once_and_the_holder_reads_it(session, clock):
    owe(session, clock, {"inbox": INBOX}, ["inbox"])
    done = run(session, clock, {"inbox": INBOX})
    assert done.outcomes == {"delivered": 1}
    [message] = log_of(session, clock)
    assert message["status"] == "delivered"
    assert [(t["channel"], t["outcome"]) for t in message["tries"]] == [("inbox", "sent")]
    [held] = views.inbox(session, "gw-1", unread=True)
    assert (held["title"], held["body"]) == ("t text", "t for gw-1 as text")
    views.mark_read(session, "gw-1", held["id"], clock.now())
    assert views.inbox(session, "gw-1", unread=True) == []
    assert views.inbox(session, "gw-2", unread=False) == []


def test_a_failing_channel_is_retried_with_backoff_then_the_chain_falls_back(
    session, clock, http_server
):
    http_server.answer = lambda request: (500, {"error": "down for maintenance"})
    hook = Channel("hook", "apprise", http_server.url(), "none", "text")
    channels = {"hook": hook, "inbox": INBOX}
    owe(session, clock, channels, ["hook", "inbox"])

    first = run(session, clock, channels)
    assert first.outcomes == {"retry": 1}
    assert run(session, clock, channels).claimed == 0  # not due before its backoff
    clock.advance(16)  # 10 s, at most 1.5 times that with jitter
    second = run(session, clock, channels)
    assert second.outcomes == {"next_channel": 1}
    assert len(http_server.requests) == 2
    third = run(session, clock, channels)
    assert third.outcomes == {"delivered": 1}
    [message] = log_of(session, clock)
    assert message["status"] == "delivered"
    assert [(t["channel"], t["outcome"]) for t in message["tries"]] == [
        ("hook", "failed"),
        ("hook", "failed"),
        ("inbox", "sent"),
    ]
    assert "500" in message["tries"][0]["error"]


def test_a_recipient_with_no_address_for_any_channel_fails_saying_so(session, clock):
    sms = Channel("sms", "apprise", "smsgw://gateway.example.cn/send", "phone", "sms")
    mail = Channel("email", "apprise", "mailto://mail.example.cn", "email", "email")
    channels = {"sms": sms, "email": mail}
    owe(session, clock, channels, ["sms", "email"])
    run(session, clock, channels)
    run(session, clock, channels)
    [message] = log_of(session, clock)
    assert message["status"] == "failed"
    assert message["reason"] == "no address for any channel of its chain"
    assert [t["outcome"] for t in message["tries"]] == ["skipped", "skipped"]


def test_a_resident_whose_contact_is_on_its_way_is_tried_again_later(session, clock):
    sms = Channel("sms", "apprise", "smsgw://gateway.example.cn/send", "phone", "sms")

    def not_yet(*_):
        raise NotYetKnown("the resident's contact for c1 has not reached notify yet")

    owe(session, clock, {"sms": sms}, ["sms"])
    assert run(session, clock, {"sms": sms}, not_yet).outcomes == {"retry": 1}
    [message] = log_of(session, clock)
    assert message["status"] == "pending"
    assert "not reached notify yet" in message["reason"]


def test_a_message_left_sending_by_a_dead_dispatcher_is_due_again_after_its_lease(session, clock):
    owe(session, clock, {"inbox": INBOX}, ["inbox"])
    claimed = delivery.claim(session, clock.now(), 10)
    assert len(claimed) == 1
    assert delivery.claim(session, clock.now(), 10) == []
    clock.advance(delivery.LEASE.total_seconds() + 1)
    assert len(delivery.claim(session, clock.now(), 10)) == 1
    status = session.execute(select(model.deliveries.c.status)).scalar_one()
    assert status == "sending"


def test_a_template_that_fails_on_its_event_fails_that_message_alone(session, clock):
    def render_or_fail(template: str, variant: str, recipient: str) -> tuple[str, str]:
        if recipient == "gw-2":
            raise delivery.CannotRender("templates/t.j2:3: 'task' is undefined")
        return render(template, variant, recipient)

    rules = (rule(["inbox"], to=("owner", "previous_owner")),)
    event = an_event(
        "routing.issue.assigned.v1",
        {
            "issue_id": "c1",
            "action": "transfer",
            "owner": {"kind": "grid_worker", "id": "gw-1"},
            "from_owner": {"kind": "grid_worker", "id": "gw-2"},
        },
    )
    owed = messages_for(event, rules, session, {})
    assert delivery.owe(session, event, owed, {"inbox": INBOX}, render_or_fail, clock.now()) == 2
    found = {m["recipient"]: m for m in log_of(session, clock)}
    assert found["gw-1"]["status"] == "pending"
    assert (found["gw-2"]["status"], found["gw-2"]["reason"]) == (
        "failed",
        "templates/t.j2:3: 'task' is undefined",
    )
    assert run(session, clock, {"inbox": INBOX}).outcomes == {"delivered": 1}


def test_one_recipients_messages_go_in_the_order_they_were_owed(session, clock, http_server):
    hook = Channel("hook", "apprise", http_server.url(), "none", "text")
    for n in range(5):
        data = {
            "issue_id": f"c{n}",
            "action": "assign",
            "owner": {"kind": "grid_worker", "id": "gw-1"},
        }
        event = an_event("routing.issue.assigned.v1", data)
        told = RuleSchema().load(
            {"event": event.type, "to": ["owner"], "template": f"step-{n}", "chain": ["hook"]}
        )
        owed = messages_for(event, (told,), session, {})
        delivery.owe(session, event, owed, {"hook": hook}, render, clock.now())
    assert run(session, clock, {"hook": hook}).outcomes == {"sent": 5}
    titles = [request.json()["title"] for request in http_server.requests]
    assert titles == [f"step-{n} text" for n in range(5)]
