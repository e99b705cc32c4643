"""Publishing with publisher confirms and mandatory routing, confirms pipelined per batch."""

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import amqp
import kombu

from gongzhi.envelope import CONTENT_TYPE

CONFIRM_TIMEOUT = 10.0


@dataclass(frozen=True)
class Outgoing:
    message_id: str
    exchange: str
    routing_key: str
    body: bytes
    correlation_id: str = ""
    headers: dict = field(default_factory=dict)
    content_type: str = CONTENT_TYPE
    expiration: str | None = None  # per-message TTL in milliseconds, for delay queues


@dataclass
class BatchResult:
    confirmed: set[str] = field(default_factory=set)
    returned: dict[str, str] = field(default_factory=dict)  # message id -> reason
    failed: dict[str, str] = field(default_factory=dict)


class Publisher(Protocol):
    """What the relay needs of a publisher."""

    def connect(self) -> None: ...

    def publish(self, messages: Iterable[Outgoing]) -> BatchResult: ...


class ConfirmingPublisher:
    """One connection and one confirm-mode channel; reconnects on the next use after a failure."""

    def __init__(self, amqp_uri: str):
        self._uri = amqp_uri
        self._connection: kombu.Connection | None = None
        self._channel: amqp.Channel | None = None
        self._next_tag = 1
        self._pending: dict[int, str] = {}
        self._result = BatchResult()

    @property
    def connected(self) -> bool:
        return self._connection is not None and self._connection.connected

    def connect(self) -> None:
        if self.connected:
            return
        self.close()
        connection = kombu.Connection(self._uri, connect_timeout=5, heartbeat=0)
        connection.connect()
        channel = connection.connection.channel()
        channel.confirm_select()
        channel.events["basic_ack"].add(self._on_ack)
        channel.events["basic_nack"].add(self._on_nack)
        channel.events["basic_return"].add(self._on_return)
        self._connection, self._channel, self._next_tag = connection, channel, 1

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # it is being thrown away anyway
                self._connection.release()
        self._connection = self._channel = None

    def publish(self, messages: Iterable[Outgoing]) -> BatchResult:
        """Publish all, then wait for every confirm. Connection errors propagate."""
        self.connect()
        self._result, self._pending = BatchResult(), {}
        try:
            for message in messages:
                self._publish_one(message)
            self._wait_for_confirms()
        except Exception:
            self.close()
            raise
        return self._result

    def _publish_one(self, message: Outgoing) -> None:
        assert self._channel is not None
        self._pending[self._next_tag] = message.message_id
        self._next_tag += 1
        self._channel.basic_publish(
            amqp.Message(
                message.body,
                content_type=message.content_type,
                delivery_mode=2,
                message_id=message.message_id,
                correlation_id=message.correlation_id,
                application_headers=message.headers,
                **({"expiration": message.expiration} if message.expiration else {}),
            ),
            exchange=message.exchange,
            routing_key=message.routing_key,
            mandatory=True,
        )

    def _wait_for_confirms(self) -> None:
        assert self._connection is not None
        while self._pending:
            self._connection.drain_events(timeout=CONFIRM_TIMEOUT)

    def _settle(self, delivery_tag: int, multiple: bool, reason: str | None) -> None:
        tags = [t for t in self._pending if t <= delivery_tag] if multiple else [delivery_tag]
        for tag in tags:
            message_id = self._pending.pop(tag, None)
            if message_id is None or message_id in self._result.returned:
                continue
            if reason is None:
                self._result.confirmed.add(message_id)
            else:
                self._result.failed[message_id] = reason

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple, None)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple, "nacked by the broker")

    def _on_return(self, exc: Exception, exchange: str, routing_key: str, message) -> None:
        # RabbitMQ sends basic.return before the confirm of the same message.
        message_id = message.properties.get("message_id", "")
        self._result.returned[message_id] = f"unroutable: {exc} ({exchange} {routing_key})"[:500]
