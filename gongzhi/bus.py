"""The nameko side of the bus: one shared extension per service process that declares the
topology at start and publishes retries and dead letters with confirms."""

import threading
import time

import kombu
import structlog
from nameko.extensions import SharedExtension

from gongzhi import catalogue, plugins, topology
from gongzhi.district_store import DistrictStore
from gongzhi.publisher import ConfirmingPublisher, Outgoing
from gongzhi.retry import Failed, dead_letter, next_move
from gongzhi.telemetry import Telemetry

log = structlog.get_logger(__name__)


class BrokerUnavailable(RuntimeError):
    pass


class Bus(SharedExtension):
    telemetry = Telemetry()
    store = DistrictStore()

    def setup(self) -> None:
        self.amqp_uri = self.container.config["AMQP_URI"]
        self.delays = self.container.config["SETTINGS"].retry_delays
        self.declared = False
        self._publisher = ConfirmingPublisher(self.amqp_uri)
        self._lock = threading.Lock()
        self._probe = BrokerProbe(self.amqp_uri)
        self.declare()

    def declare(self) -> None:
        """The whole topology, with a queue for each outside system the district names."""
        plan = topology.plan(catalogue.load(), plugins.recipients(self.store.district))
        try:
            with kombu.Connection(self.amqp_uri, connect_timeout=5) as connection:
                connection.ensure_connection(max_retries=3, interval_start=0.5)
                topology.declare(connection, plan)
        except OSError as exc:
            raise BrokerUnavailable(
                f"no RabbitMQ answers at {_safe(self.amqp_uri)}: {exc}"
            ) from exc
        self.declared = True

    def connected(self) -> bool:
        """Whether the broker answers now (for /health/ready)."""
        return self._probe.answers()

    def handle_failure(self, failed: Failed, *, malformed: bool = False) -> None:
        """Send a failed message on to its retry or its dead letter; raises if the broker
        did not confirm, so the caller leaves the original unacked."""
        outgoing = dead_letter(failed) if malformed else next_move(failed, self.delays)
        self._publish(outgoing)
        counter = self.telemetry.metrics.dead_letters
        if outgoing.exchange == topology.DELAY_EXCHANGE:
            counter = self.telemetry.metrics.retries
        counter.labels(service=self.container.service_name, queue=failed.queue).inc()
        log.warning(
            "message_failed",
            queue=failed.queue,
            moved_to=outgoing.exchange,
            attempt=outgoing.headers.get("x-gongzhi-attempt"),
            reason=failed.reason[:300],
        )

    def _publish(self, outgoing: Outgoing) -> None:
        with self._lock:
            result = self._publisher.publish([outgoing])
        if outgoing.message_id not in result.confirmed:
            problems = {**result.failed, **result.returned}
            raise RuntimeError(f"retry not confirmed: {problems.get(outgoing.message_id)}")

    def stop(self) -> None:
        self._publisher.close()


class BrokerProbe:
    """Whether a broker answers a fresh connection within `timeout`, asked at most once per
    `fresh_for` seconds so readiness probes do not storm it. The publisher's own connection
    cannot tell: it reports a connection the broker dropped as fine until it next writes."""

    def __init__(self, uri: str, *, timeout: float = 2.0, fresh_for: float = 2.0):
        self._uri, self._timeout, self._fresh_for = uri, timeout, fresh_for
        self._lock = threading.Lock()
        self._answer, self._asked_at = False, -fresh_for

    def answers(self) -> bool:
        with self._lock:  # one probe at a time; those waiting take its answer
            if time.monotonic() - self._asked_at >= self._fresh_for:
                self._answer = self._ask()
                self._asked_at = time.monotonic()
            return self._answer

    def _ask(self) -> bool:
        try:
            with kombu.Connection(self._uri, connect_timeout=self._timeout) as connection:
                connection.ensure_connection(max_retries=0)  # the handshake is bounded too
        except Exception as exc:
            log.warning("broker_unreachable", broker=_safe(self._uri), error=str(exc)[:300])
            return False
        return True


def _safe(uri: str) -> str:
    """The URI without its password, for messages."""
    return kombu.Connection(uri).as_uri(include_password=False)
