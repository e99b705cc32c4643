"""The Database dependency: one unit of work per message or request, the outbox written in it,
the inbox checked in it, and the relay that publishes what it committed."""

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import structlog
from nameko.extensions import DependencyProvider
from sqlalchemy import MetaData, text
from sqlalchemy.orm import Session, sessionmaker

from gongzhi import inbox, relay
from gongzhi.bus import Bus
from gongzhi.clock import SystemClock
from gongzhi.db import create_engine_for
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from gongzhi.publisher import ConfirmingPublisher
from gongzhi.telemetry import CORRELATION_KEY, Telemetry

log = structlog.get_logger(__name__)


@dataclass
class UnitOfWork:
    session: Session
    outbox: Outbox


class Database(DependencyProvider):
    """`db = Database(model.metadata)`; the metadata must hold the outbox and inbox tables."""

    bus = Bus()
    telemetry = Telemetry()

    def __init__(self, metadata: MetaData, **kwargs: Any):
        self.metadata = metadata
        super().__init__(**kwargs)

    def setup(self) -> None:
        service = self.container.service_name
        settings = self.container.config["DATABASE"]
        self.engine = create_engine_for(settings)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer: serialise units of work in this process instead of waiting
        # in SQLite's busy handler, which would block every green thread.
        self.lock = threading.Lock() if settings.is_sqlite else contextlib.nullcontext()
        # Tests hand in a FakeClock here to move a running service through days of deadlines.
        self.clock = self.container.config.get("CLOCK") or SystemClock()
        self.district_code = self.container.config.get("DISTRICT_CODE", "unknown")
        self.source = f"/gongzhi/{self.district_code}/{service}"
        self.relay = relay.Relay(
            self.engine,
            self.metadata.tables["outbox"],
            ConfirmingPublisher(self.container.config["AMQP_URI"]),
            lock=self.lock,
            clock=self.clock,
            metrics=self.telemetry.metrics,
        )
        self._watch_backlog()

    def _watch_backlog(self) -> None:
        metrics, table = self.telemetry.metrics, self.metadata.tables["outbox"]

        def read(index: int) -> float:
            return relay.backlog(self.engine, table, self.clock.now())[index]

        metrics.watch("gongzhi_outbox_backlog", "Events waiting in the outbox.", lambda: read(0))
        metrics.watch(
            "gongzhi_outbox_oldest_age_seconds",
            "Age of the oldest event waiting in the outbox.",
            lambda: read(1),
        )
        metrics.watch(
            "gongzhi_ready",
            "1 when /health/ready answers 200: database, broker and topology all ready.",
            lambda: float(all(self.readiness().values())),
        )

    def readiness(self) -> dict[str, bool]:
        """What /health/ready and the `gongzhi_ready` gauge check: the database answers, the
        broker answers, and the topology was declared."""
        return {
            "database": self._ping(),
            "broker": self.bus.connected(),
            "topology": self.bus.declared,
        }

    def _ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def start(self) -> None:
        self.container.spawn_managed_thread(self._run_relay, identifier="outbox_relay")

    def _run_relay(self) -> None:
        import eventlet

        self.relay.run(sleep=eventlet.sleep)

    def stop(self) -> None:
        self.relay.stop()

    def kill(self) -> None:
        self.relay.stop()

    def get_dependency(self, worker_ctx) -> "WorkerDatabase":
        consumer = getattr(worker_ctx.entrypoint, "queue_name", None)
        return WorkerDatabase(self, worker_ctx.data.get(CORRELATION_KEY), consumer)

    @contextlib.contextmanager
    def unit_of_work(self, correlationid: str | None, cause: Event | None) -> Iterator[UnitOfWork]:
        with self.lock, self.sessions() as session, session.begin():
            outbox = Outbox(
                session,
                self.metadata.tables["outbox"],
                source=self.source,
                district=self.district_code,
                correlationid=correlationid,
                cause=cause,
                now=self.clock.now(),
            )
            yield UnitOfWork(session, outbox)
        if outbox.added:
            self.relay.wake()


class WorkerDatabase:
    """What an entrypoint sees as `self.db`."""

    def __init__(self, provider: Database, correlationid: str | None, consumer: str | None):
        self._provider = provider
        self._consumer = consumer
        self.correlationid = correlationid
        self.clock = provider.clock

    def transaction(self, cause: Event | None = None) -> contextlib.AbstractContextManager:
        """One unit of work: commits when the block ends, rolls back if it raises."""
        return self._provider.unit_of_work(self.correlationid, cause)

    def apply_once(self, event: Event, handler: Callable[..., Any], **dependencies: Any) -> bool:
        """Apply `handler` to `event` unless this consumer (the event handler's queue) applied
        it before. The inbox row, the handler's changes and its outbox rows commit together."""
        consumer = self._consumer
        if consumer is None:
            raise RuntimeError("apply_once is for @event_handler entrypoints")
        table = self._provider.metadata.tables["inbox"]
        with self.transaction(cause=event) as uow:
            if not inbox.record(uow.session, table, consumer, event, self.clock.now()):
                metrics = self._provider.telemetry.metrics
                metrics.inbox_duplicates.labels(metrics.service, consumer).inc()
                log.info("duplicate_ignored", queue=consumer, event_id=event.id)
                return False
            handler(event, session=uow.session, outbox=uow.outbox, **dependencies)
        return True

    def readiness(self) -> dict[str, bool]:
        return self._provider.readiness()
