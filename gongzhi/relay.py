"""The outbox relay: publishes committed outbox rows and deletes them once confirmed.

Runs inside each service process. Woken at once after a commit that added events, and on a slow
poll otherwise. A batch is claimed in a short transaction (FOR UPDATE SKIP LOCKED on PostgreSQL,
so several instances never take the same rows) by moving its due time one lease ahead; it is
published with no transaction open and no lock held; then confirmed rows are deleted and the
others given a backoff. A relay that dies mid-batch leaves its rows due again when the lease
ends: published at least once, and the consumers' inbox makes that exactly once in effect.
"""

import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import Engine, Row, Table, delete, func, select, update

from gongzhi.catalogue import OUTBOUND_EXCHANGE, RECIPIENT_HEADER
from gongzhi.envelope import recipient_of
from gongzhi.publisher import BatchResult, Outgoing, Publisher

log = structlog.get_logger(__name__)
MAX_BACKOFF = 300.0
# After the broker or the database went away the relay tries again at least this often, so it
# resumes within seconds of their return, not minutes (a try costs one connection attempt).
RECONNECT_BACKOFF = 10.0
LEASE = timedelta(seconds=60)  # well past a batch's publish and confirm time


def backoff(attempts: int, base: float = 1.0, ceiling: float = MAX_BACKOFF) -> float:
    return min(ceiling, base * 2 ** min(max(0, attempts - 1), 20))


class Relay:
    def __init__(
        self,
        engine: Engine,
        table: Table,
        publisher: Publisher,
        *,
        lock: AbstractContextManager,
        clock: Any,
        metrics: Any,
        batch_size: int = 500,
        poll_interval: float = 1.0,
    ):
        self._engine = engine
        self._table = table
        self._publisher = publisher
        self._lock = lock
        self._clock = clock
        self._metrics = metrics
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._wakeup = threading.Event()
        self._stopped = False
        self._failures = 0

    def wake(self) -> None:
        self._wakeup.set()

    def stop(self) -> None:
        self._stopped = True
        self._wakeup.set()

    def run(self, sleep: Callable[[float], None]) -> None:
        while not self._stopped:
            try:
                published = self.publish_due()
                self._failures = 0
            except Exception as exc:
                self._failures += 1
                self._metrics.outbox_publish_failures.inc()
                log.warning("relay_failed", error=str(exc)[:300], failures=self._failures)
                sleep(backoff(self._failures, base=0.5, ceiling=RECONNECT_BACKOFF))
                continue
            if published < self._batch_size:
                self._wakeup.wait(self._poll_interval)
                self._wakeup.clear()

    def publish_due(self) -> int:
        """Publish one batch of due rows; returns how many rows it handled."""
        self._publisher.connect()
        rows = self._claim()
        if not rows:
            return 0
        try:
            result = self._publisher.publish(_outgoing(row) for row in rows)
        except Exception:
            self._release(rows)  # due again as soon as the broker is back, not after the lease
            raise
        with self._lock, self._engine.begin() as connection:
            self._settle(connection, rows, result)
        return len(rows)

    def _claim(self) -> Sequence[Row]:
        t = self._table
        with self._lock, self._engine.begin() as connection:
            rows = connection.execute(self._due()).all()
            if rows:
                leased = self._clock.now() + LEASE
                ids = [row.id for row in rows]
                connection.execute(update(t).where(t.c.id.in_(ids)).values(next_attempt_at=leased))
        return rows

    def _release(self, rows: Sequence[Row]) -> None:
        t = self._table
        with self._lock, self._engine.begin() as connection:
            connection.execute(
                update(t)
                .where(t.c.id.in_([row.id for row in rows]))
                .values(next_attempt_at=self._clock.now())
            )

    def _due(self):
        t = self._table
        return (
            select(
                t.c.id,
                t.c.event_id,
                t.c.event_type,
                t.c.exchange,
                t.c.body,
                t.c.correlation_id,
                t.c.attempts,
            )
            .where(t.c.next_attempt_at <= self._clock.now())
            .order_by(t.c.id)
            .limit(self._batch_size)
            .with_for_update(skip_locked=True)
        )

    def _settle(self, connection, rows: Sequence[Row], result: BatchResult) -> None:
        t = self._table
        done = [row.id for row in rows if row.event_id in result.confirmed]
        if done:
            connection.execute(delete(t).where(t.c.id.in_(done)))
        self._metrics.outbox_published.inc(len(done))
        problems = {**result.failed, **result.returned}
        self._metrics.outbox_returned.inc(len(result.returned))
        self._metrics.outbox_publish_failures.inc(len(result.failed))
        for row in rows:
            if row.event_id in problems:
                self._retry_later(connection, row, problems[row.event_id])

    def _retry_later(self, connection, row: Row, reason: str) -> None:
        t = self._table
        attempts = row.attempts + 1
        due = self._clock.now() + timedelta(seconds=backoff(attempts))
        log.warning(
            "outbox_event_not_published",
            event_type=row.event_type,
            event_id=row.event_id,
            reason=reason,
            attempts=attempts,
        )
        connection.execute(
            update(t)
            .where(t.c.id == row.id)
            .values(attempts=attempts, next_attempt_at=due, last_error=reason[:500])
        )


def backlog(engine: Engine, table: Table, now: datetime) -> tuple[int, float]:
    """How many events wait in the outbox, and the age in seconds of the oldest."""
    with engine.connect() as connection:
        count, oldest = connection.execute(select(func.count(), func.min(table.c.created_at))).one()
    if not oldest:
        return count, 0.0
    if oldest.tzinfo is None:  # SQLite hands back naive datetimes
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return count, max(0.0, (now - oldest).total_seconds())


def _outgoing(row: Row) -> Outgoing:
    headers = {}
    if row.exchange == OUTBOUND_EXCHANGE:  # the headers exchange routes it to its recipient
        headers[RECIPIENT_HEADER] = recipient_of(row.body)
    return Outgoing(
        message_id=row.event_id,
        exchange=row.exchange,
        routing_key=row.event_type,
        body=row.body.encode(),
        correlation_id=row.correlation_id,
        headers=headers,
    )
