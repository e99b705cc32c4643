"""The relay waits longer after each failure to publish, up to a ceiling, and a failed batch
is not left waiting out its lease."""

import contextlib

import pytest
from sqlalchemy.orm import Session

from gongzhi import relay
from gongzhi.metrics import ServiceMetrics
from gongzhi.testing.units import FakeClock, outbox_for, sqlite_engine
from intake import model
from intake.events import REPORT_SUBMITTED


def test_the_wait_doubles_with_each_failed_attempt():
    assert [relay.backoff(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]


def test_the_wait_scales_with_its_base():
    assert relay.backoff(3, base=0.5) == 2.0


def test_the_wait_never_exceeds_the_ceiling():
    assert relay.backoff(30) == relay.MAX_BACKOFF


def test_the_wait_stays_at_the_ceiling_for_an_event_unroutable_for_days():
    assert relay.backoff(2000) == relay.MAX_BACKOFF


class BrokerGoneMidBatch:
    """A publisher whose broker vanishes after the batch was claimed."""

    def __init__(self):
        self.attempts = 0

    def connect(self) -> None:
        pass

    def publish(self, messages):
        self.attempts += len(list(messages))
        raise ConnectionResetError("broker restarted")


def test_a_batch_whose_publish_fails_is_due_again_at_once_not_after_its_lease(tmp_path):
    engine = sqlite_engine(model.metadata, tmp_path / "intake.db")
    clock = FakeClock()
    with Session(engine) as session, session.begin():
        outbox_for(session, model.metadata, clock, service="intake").add(
            REPORT_SUBMITTED, report_data(clock)
        )
    publisher = BrokerGoneMidBatch()
    worker = relay.Relay(
        engine,
        model.outbox,
        publisher,
        lock=contextlib.nullcontext(),
        clock=clock,
        metrics=ServiceMetrics("intake"),
    )

    with pytest.raises(ConnectionResetError):
        worker.publish_due()
    with pytest.raises(ConnectionResetError):
        worker.publish_due()  # the broker is still gone, and the row is tried again
    assert publisher.attempts == 2


def report_data(clock: FakeClock) -> dict:
    return {
        "report_id": "r1",
        "category": "blocked-sewer",
        "location": {"lat": 34.58, "long": 105.72},
        "description": "下水道堵塞",
        "channel": "app",
        "reporter_ref": None,
        "submitted_at": clock.now().isoformat(),
    }


class BrokerAway:
    """A publisher whose broker does not answer at all."""

    def connect(self) -> None:
        raise ConnectionRefusedError("no broker")

    def publish(self, messages):
        raise AssertionError("never reached")


def test_after_a_long_outage_the_relay_tries_again_within_seconds(tmp_path):
    worker = relay.Relay(
        sqlite_engine(model.metadata, tmp_path / "intake.db"),
        model.outbox,
        BrokerAway(),
        lock=contextlib.nullcontext(),
        clock=FakeClock(),
        metrics=ServiceMetrics("intake"),
    )
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 20:
            worker.stop()

    worker.run(sleep=sleep)
    assert waits[:4] == [0.5, 1.0, 2.0, 4.0]
    assert max(waits) == waits[-1] == relay.RECONNECT_BACKOFF  # not the rows' 300 s ceiling
