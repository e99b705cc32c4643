"""Other systems get the events they subscribed to as signed Standard Webhooks, at real local
HTTP servers: verified with `standardwebhooks` on the receiving side, in order and each once
after a receiver was down, a slow receiver holding up no other subscription, a subscription
disabled after failures in a row and enabled again by its owner."""

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import eventlet
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.orm import Session
from standardwebhooks import Webhook

from gongzhi.testing.system import eventually
from gongzhi.testing.units import FakeClock, an_event, sqlite_engine
from notify import model, webhook_delivery, webhook_dispatch, webhooks
from notify.model import webhook_deliveries
from notify.retries import WebhookPolicy

KEY = Fernet.generate_key()
ASSIGNED = "routing.issue.assigned.v1"
POLICY = WebhookPolicy(base_seconds=60, timeout_seconds=0.5, disable_after=5)


@dataclass
class Unit:
    session: Session


@pytest.fixture
def engine(tmp_path):
    engine = sqlite_engine(model.metadata, tmp_path / "notify.db")
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime.now(UTC))  # the receiver checks the signature's time is now


@pytest.fixture
def sender(engine, clock) -> webhook_dispatch.Sender:
    return webhook_dispatch.Sender(_transaction(engine), POLICY, clock, KEY)


def subscribe(sender, url: str, holder: str = "ops-system", types=(ASSIGNED,)) -> dict:
    with sender.transaction() as uow:
        wanted = {"url": url, "event_types": list(types)}
        return webhooks.subscribe(uow.session, holder, wanted, KEY, sender.clock.now())


def happen(sender, *events) -> None:
    for event in events:
        with sender.transaction() as uow:
            webhook_delivery.queue(uow.session, event, sender.clock.now())


def assigned(n: int):
    return an_event(ASSIGNED, {"issue_id": f"XG-{n}", "owner": {"id": "gw-1"}}, id=f"ev-{n}")


def statuses(sender) -> list[str]:
    d = webhook_deliveries.c
    with sender.transaction() as uow:
        return list(uow.session.execute(select(d.status).order_by(d.id)).scalars())


def test_the_receiver_verifies_each_event_with_the_secret_shown_once(sender, http_server):
    made = subscribe(sender, http_server.url(scheme="http"))
    event = assigned(1)
    happen(sender, event)

    done = webhook_dispatch.run(sender)

    [request] = http_server.requests
    verified = Webhook(made["secret"]).verify(request.body, request.headers)
    assert verified == event.to_dict()
    assert request.headers["webhook-id"] == event.id
    assert done.outcomes == {"sent": 1}
    with sender.transaction() as uow:
        assert "secret" not in webhooks.own(uow.session, "ops-system", made["id"])


def test_only_the_types_subscribed_are_sent_and_an_event_twice_once(sender, http_server):
    subscribe(sender, http_server.url(scheme="http"))
    warned = an_event("routing.issue.warned.v1", {"issue_id": "XG-1"})
    happen(sender, assigned(1), assigned(1), warned)

    webhook_dispatch.run(sender)

    assert [r.json()["type"] for r in http_server.requests] == [ASSIGNED]


def test_a_receiver_down_gets_every_event_once_back_in_order_each_once(sender, http_server):
    subscribe(sender, http_server.url(scheme="http"))
    http_server.answer = lambda request: (500, {"error": "down"})
    happen(sender, assigned(1), assigned(2))
    assert webhook_dispatch.run(sender).outcomes == {"retry": 1}  # the first waits, the rest too

    http_server.answer = lambda request: None  # now it hangs past the timeout
    sender.clock.advance(3600)
    happen(sender, assigned(3))
    assert webhook_dispatch.run(sender).outcomes == {"retry": 1}

    http_server.answer = lambda request: (200, {})
    sender.clock.advance(3600)
    assert webhook_dispatch.run(sender).outcomes == {"sent": 3}
    got = [r.json()["id"] for r in http_server.requests if r.json()]
    assert got == ["ev-1", "ev-1", "ev-1", "ev-2", "ev-3"]  # two failed tries, then each once
    assert statuses(sender) == ["sent", "sent", "sent"]


def test_a_receiver_that_hangs_holds_up_no_other_subscription_even_past_the_tick(
    engine, clock, http_server
):
    patient = WebhookPolicy(base_seconds=60, timeout_seconds=30, disable_after=5)
    sender = webhook_dispatch.Sender(_transaction(engine), patient, clock, KEY)
    subscribe(sender, http_server.url("/slow", scheme="http"), holder="slow-system")
    subscribe(sender, http_server.url("/quick", scheme="http"), holder="quick-system")
    http_server.answer = lambda request: None if request.path == "/slow" else (200, {})
    drains = webhook_dispatch.Drains(eventlet.spawn)
    ended: list[list[str]] = []

    def sent_to(path: str) -> list[str]:
        return [r.json()["id"] for r in http_server.requests if r.path == path]

    happen(sender, assigned(1))
    assert drains.start(sender, ended.append) == 2  # one thread a subscription, not waited for
    eventually(lambda: sent_to("/quick") == ["ev-1"])
    happen(sender, assigned(2))  # the next tick, the slow receiver still holding ev-1
    assert drains.start(sender, ended.append) == 1  # the slow one is not served twice
    eventually(lambda: sent_to("/quick") == ["ev-1", "ev-2"])

    assert sent_to("/slow") == ["ev-1"]
    assert ended == [["sent"], ["sent"]]


def _transaction(engine):
    @contextlib.contextmanager
    def transaction() -> Iterator[Unit]:
        with Session(engine) as session, session.begin():
            yield Unit(session)

    return transaction


def test_a_subscription_failing_in_a_row_is_disabled_and_its_owner_enables_it(sender, http_server):
    made = subscribe(sender, http_server.url(scheme="http"))
    http_server.answer = lambda request: (503, {})
    happen(sender, assigned(1), assigned(2))
    for _ in range(POLICY.disable_after + 2):
        webhook_dispatch.run(sender)
        sender.clock.advance(POLICY.max_backoff_minutes * 60 * 1.5)
    assert len(http_server.requests) == POLICY.disable_after  # no try once disabled
    with sender.transaction() as uow:
        off = webhooks.own(uow.session, "ops-system", made["id"])
        assert (off["enabled"], webhook_delivery.disabled(uow.session)) == (False, 1)
        assert "HTTP 503" in off["disabled_reason"]

    http_server.answer = lambda request: (200, {})
    with sender.transaction() as uow:
        webhooks.enable(uow.session, "ops-system", made["id"], sender.clock.now())
    assert webhook_dispatch.run(sender).outcomes == {"sent": 2}
    assert statuses(sender) == ["sent", "sent"]


def test_an_event_still_refused_after_about_a_day_is_failed_and_the_next_goes(sender, http_server):
    subscribe(sender, http_server.url(scheme="http"))
    http_server.answer = lambda request: (500, {}) if request.json()["id"] == "ev-1" else (200, {})
    happen(sender, assigned(1), assigned(2))
    outcomes: list[dict] = []
    policy = WebhookPolicy(base_seconds=60, timeout_seconds=0.5, disable_after=100)
    sender = webhook_dispatch.Sender(sender.transaction, policy, sender.clock, KEY)
    started = sender.clock.now()
    while statuses(sender)[0] == "pending":
        outcomes.append(webhook_dispatch.run(sender).outcomes)
        sender.clock.advance(policy.max_backoff_minutes * 60 * 1.25)
    assert outcomes[-1] == {"failed": 1, "sent": 1}
    assert statuses(sender) == ["failed", "sent"]
    hours = (sender.clock.now() - started).total_seconds() / 3600
    assert 20 < hours < 28  # retried over about a day, not for ever
