"""The outbox relay against the real broker and database: confirms, returns, wake-ups, and
several relays sharing one PostgreSQL outbox."""

import contextlib
import os
import threading
import uuid
from datetime import UTC, datetime

import eventlet
import pytest
from sqlalchemy import insert, select

from gongzhi import envelope, migrations
from gongzhi.clock import SystemClock
from gongzhi.db import create_engine_for
from gongzhi.envelope import Event
from gongzhi.metrics import ServiceMetrics
from gongzhi.publisher import ConfirmingPublisher
from gongzhi.relay import Relay
from gongzhi.testing.bus import take_all, take_until
from intake.model import outbox

pytestmark = pytest.mark.integration
SCORING_QUEUE = "scoring.intake.report.submitted.v1"


@pytest.fixture
def engine(database_settings):
    settings = database_settings["intake"]
    migrations.upgrade("intake", settings)
    engine = create_engine_for(settings)
    yield engine
    engine.dispose()


def add_events(engine, count: int, event_type: str = "intake.report.submitted.v1") -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "event_id": str(uuid.uuid4()),
            "event_type": event_type,
            "exchange": "gongzhi.intake",
            "body": "{}",
            "correlation_id": "c",
            "created_at": now,
            "attempts": 0,
            "next_attempt_at": now,
        }
        for _ in range(count)
    ]
    with engine.begin() as connection:
        connection.execute(insert(outbox), rows)


def relay_for(engine, amqp_uri: str, metrics: ServiceMetrics, **options) -> Relay:
    lock = threading.Lock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()
    return Relay(
        engine,
        outbox,
        ConfirmingPublisher(amqp_uri),
        lock=lock,
        clock=SystemClock(),
        metrics=metrics,
        **options,
    )


def left_in_outbox(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(select(outbox)).all()


def test_confirmed_events_leave_the_outbox_and_reach_every_consumer_queue(engine, amqp_uri):
    metrics = ServiceMetrics("intake")
    add_events(engine, 1200)
    relay = relay_for(engine, amqp_uri, metrics, batch_size=500)
    assert [relay.publish_due() for _ in range(4)] == [500, 500, 200, 0]
    assert left_in_outbox(engine) == []
    assert len(take_all(amqp_uri, SCORING_QUEUE)) == 1200
    assert metrics.outbox_published._value.get() == 1200


def test_an_unroutable_event_stays_in_the_outbox_and_is_counted(engine, amqp_uri):
    metrics = ServiceMetrics("intake")
    add_events(engine, 1, event_type="intake.nobody.listens.v1")
    relay_for(engine, amqp_uri, metrics).publish_due()
    [kept] = left_in_outbox(engine)
    assert kept.attempts == 1
    assert "NO_ROUTE" in kept.last_error
    assert metrics.outbox_returned._value.get() == 1


def test_an_outbound_event_reaches_its_recipients_queue_alone_and_an_unknown_one_waits(
    engine, amqp_uri
):
    """The sample district names one platform, hotline12345: its queue is declared."""
    metrics = ServiceMetrics("intake")
    now = datetime.now(UTC)
    with engine.begin() as connection:
        for recipient in ("hotline12345", "nobody"):
            event = Event(
                type="intake.work_order.resolved.v1",
                source="intake",
                data={},
                district="620502001",
                correlationid="c",
                recipient=recipient,
            )
            connection.execute(
                insert(outbox).values(
                    event_id=event.id,
                    event_type=event.type,
                    exchange="gongzhi.outbound",
                    body=event.to_json().decode(),
                    correlation_id="c",
                    created_at=now,
                    attempts=0,
                    next_attempt_at=now,
                )
            )
    relay_for(engine, amqp_uri, metrics).publish_due()
    [delivered] = take_all(amqp_uri, "outbound.hotline12345")
    assert envelope.parse(delivered.body).recipient == "hotline12345"
    assert delivered.headers["gongzhi-recipient"] == "hotline12345"
    [kept] = left_in_outbox(engine)
    assert envelope.parse(kept.body).recipient == "nobody"
    assert "NO_ROUTE" in kept.last_error


def test_a_commit_wakes_the_relay_without_waiting_for_its_poll(engine, amqp_uri):
    relay = relay_for(engine, amqp_uri, ServiceMetrics("intake"), poll_interval=3600)
    worker = eventlet.spawn(relay.run, sleep=eventlet.sleep)
    eventlet.sleep(0.2)  # the relay found nothing and sleeps on its hour-long poll
    add_events(engine, 3)
    relay.wake()
    try:
        assert len(take_until(amqp_uri, SCORING_QUEUE, 3)) == 3
    finally:
        relay.stop()
        worker.wait()


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="SKIP LOCKED is PostgreSQL's")
def test_two_relays_on_postgresql_publish_each_event_exactly_once(engine, amqp_uri):
    add_events(engine, 3000)
    relays = [
        relay_for(engine, amqp_uri, ServiceMetrics("intake"), batch_size=200) for _ in range(2)
    ]
    workers = [eventlet.spawn(_drain, relay) for relay in relays]
    handled = [worker.wait() for worker in workers]
    assert sum(handled) == 3000
    assert all(count > 0 for count in handled)  # both took a share
    ids = [m.properties["message_id"] for m in take_all(amqp_uri, SCORING_QUEUE)]
    assert len(ids) == len(set(ids)) == 3000


def _drain(relay: Relay) -> int:
    total = 0
    while handled := relay.publish_due():
        total += handled
        eventlet.sleep(0)
    return total
