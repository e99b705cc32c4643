"""The nameko side of the bus: one shared extension per service process that declares the
topology at start and publishes retries and dead letters with confirms."""

import threading

import kombu
import structlog
from nameko.extensions import SharedExtension

from gongzhi import catalogue, topology
from gongzhi.publisher import ConfirmingPublisher, Outgoing
from gongzhi.retry import Failed, dead_letter, delays_from_env, next_move
from gongzhi.telemetry import Telemetry

log = structlog.get_logger(__name__)


class BrokerUnavailable(RuntimeError):
    pass


class Bus(SharedExtension):
    telemetry = Telemetry()

    def setup(self) -> None:
        self.amqp_uri = self.container.config["AMQP_URI"]
        self.delays = delays_from_env()
        self.declared = False
        self._publisher = ConfirmingPublisher(self.amqp_uri)
        self._lock = threading.Lock()
        self.declare()

    def declare(self) -> None:
        plan = topology.plan(catalogue.load())
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
        with self._lock:
            try:
                self._publisher.connect()
            except Exception:
                return False
            return True

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


def _safe(uri: str) -> str:
    """The URI without its password, for messages."""
    return kombu.Connection(uri).as_uri(include_password=False)
