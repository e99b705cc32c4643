"""The bare limits under the relay and under intake, measured with nothing of Gongzhi's on top:
py-amqp publishing with confirms pipelined per batch, and DB-API inserts with a commit each."""

import time
import uuid
from datetime import UTC, datetime

import amqp
import kombu

from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.envelope import CONTENT_TYPE

REPORT_COLUMNS = (
    "id",
    "category",
    "latitude",
    "longitude",
    "description",
    "channel",
    "reporter_contact",
    "reporter_ref",
    "status",
    "submitted_at",
)
OUTBOX_COLUMNS = (
    "event_id",
    "event_type",
    "exchange",
    "body",
    "correlation_id",
    "created_at",
    "attempts",
    "next_attempt_at",
)


class Confirms:
    """Delivery tags the broker confirmed: all up to `floor`, and single ones above it."""

    def __init__(self):
        self.floor, self.single, self.nacked = 0, set(), 0

    def ack(self, tag: int, multiple: bool) -> None:
        if multiple:
            self.floor = max(self.floor, tag)
        else:
            self.single.add(tag)

    def nack(self, tag: int, multiple: bool) -> None:
        self.nacked += 1
        self.ack(tag, multiple)

    def outstanding(self, last: int) -> int:
        self.single = {tag for tag in self.single if tag > self.floor}
        return last - self.floor - len(self.single)


def raw_publish(amqp_uri: str, exchange: str, key: str, bodies: list[str], batch: int) -> float:
    """Seconds to publish every body (persistent, mandatory) with all confirms received."""
    with kombu.Connection(amqp_uri) as connection:
        connection.connect()
        channel, confirms = connection.connection.channel(), Confirms()
        channel.confirm_select()
        channel.events["basic_ack"].add(confirms.ack)
        channel.events["basic_nack"].add(confirms.nack)
        started = time.monotonic()
        for first in range(0, len(bodies), batch):
            for body in bodies[first : first + batch]:
                channel.basic_publish(
                    _message(body), exchange=exchange, routing_key=key, mandatory=True
                )
            while confirms.outstanding(min(first + batch, len(bodies))):
                connection.connection.drain_events(timeout=10)
        elapsed = time.monotonic() - started
    if confirms.nacked:
        raise RuntimeError(f"the broker nacked {confirms.nacked} raw publishes")
    return elapsed


def _message(body: str) -> amqp.Message:
    return amqp.Message(
        body.encode(),
        content_type=CONTENT_TYPE,
        delivery_mode=2,
        message_id=str(uuid.uuid4()),
        correlation_id=str(uuid.uuid4()),
        application_headers={},
    )


def raw_commits(settings: DatabaseSettings, body: str, seconds: float) -> tuple[int, float]:
    """Insert a report row and an outbox row and commit, in a loop for `seconds`."""
    engine = create_engine_for(settings)
    connection = engine.raw_connection()
    cursor = connection.cursor()
    mark = "?" if settings.is_sqlite else "%s"
    reports, outbox = (
        _insert("reports", REPORT_COLUMNS, mark),
        _insert("outbox", OUTBOX_COLUMNS, mark),
    )
    count, started = 0, time.monotonic()
    while time.monotonic() - started < seconds:
        cursor.execute(reports, _report_row())
        cursor.execute(outbox, _outbox_row(body))
        connection.commit()
        count += 1
    elapsed = time.monotonic() - started
    connection.close()
    engine.dispose()
    return count, elapsed


def _insert(table: str, columns: tuple[str, ...], mark: str) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


def _report_row() -> tuple:
    now = datetime.now(UTC).isoformat()
    return (
        str(uuid.uuid4()),
        "blocked-sewer",
        34.5805,
        105.7203,
        "下水道堵塞,污水漫到路面",
        "app",
        "13800138000",
        "0" * 32,
        "submitted",
        now,
    )


def _outbox_row(body: str) -> tuple:
    now = datetime.now(UTC).isoformat()
    return (
        str(uuid.uuid4()),
        "intake.report.submitted.v1",
        "gongzhi.intake",
        body,
        str(uuid.uuid4()),
        now,
        0,
        now,
    )
