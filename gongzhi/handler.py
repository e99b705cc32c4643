"""`@event_handler(TYPE)`: consume the catalogue's quorum queue for (TYPE, this service).

nameko's own @event_handler declares a classic queue of its own and acks a message whose handler
raised. Ours consumes the pre-declared queue, reads the CloudEvent itself, and on failure sends
the message on to a delayed retry or, at the end, to its dead-letter queue (with confirms)
before it acks; a malformed message, or one its handler rejects (`Rejected`), goes to the
dead-letter queue at once. The handler commits inside the method, so the commit precedes
the ack.
"""

from functools import partial

import jsonschema
import kombu
import structlog
from nameko.exceptions import ContainerBeingKilled
from nameko.extensions import Entrypoint
from nameko.messaging import QueueConsumer

from gongzhi import catalogue, envelope
from gongzhi.bus import Bus
from gongzhi.retry import Failed, Rejected
from gongzhi.telemetry import CORRELATION_KEY, EVENT_TYPE_KEY

log = structlog.get_logger(__name__)
# How long the consumer waits on the socket before it looks up: a stopping service's handlers
# are cancelled and the consumer leaves at its next look, which at kombu's default of a second
# made every stop take two. An idle look costs a poll.
LOOK_UP_SECONDS = 0.1


class RawQueueConsumer(QueueConsumer):
    """nameko's QueueConsumer, handing over undecoded messages: a body we cannot parse must be
    dead-lettered, not crash the consumer inside kombu's decoder; and quick to stop."""

    def consume(self, limit=None, timeout=None, safety_interval=LOOK_UP_SECONDS, **kwargs):
        return super().consume(limit, timeout, safety_interval, **kwargs)

    def get_consumers(self, consumer_cls, channel):
        for provider in self._providers:
            consumer = consumer_cls(
                queues=[provider.queue],
                on_message=partial(self.handle_message, provider, None),
            )
            consumer.qos(prefetch_count=self.prefetch_count)
            self._consumers[provider] = consumer
        return self._consumers.values()


class EventHandler(Entrypoint):
    queue_consumer = RawQueueConsumer()
    bus = Bus()

    def __init__(self, event_type: str, **kwargs):
        self.event_type = event_type
        super().__init__(**kwargs)

    def setup(self) -> None:
        service = self.container.service_name
        known = catalogue.load().subscriptions_of(service)
        if self.event_type not in {s.event_type for s in known}:
            raise LookupError(
                f"{service} consumes {self.event_type}, but the catalogue does "
                "not say so: add it to CONSUMES and run `gongzhi contract`"
            )
        self.queue_name = catalogue.queue_for(service, self.event_type)
        self.queue = kombu.Queue(self.queue_name, no_declare=True)  # the Bus declared it
        schema = catalogue.load().json_schema(self.event_type)
        self._validator = jsonschema.Draft202012Validator(schema)  # checked once, not per message
        self.bus.telemetry.metrics.watch_queue(self.queue_name)
        self.queue_consumer.register_provider(self)

    def stop(self) -> None:
        self.queue_consumer.unregister_provider(self)

    def handle_message(self, _body, message) -> None:
        try:
            event = self._read(message)
        except ValueError as exc:
            self._fail(message, f"malformed: {exc}", malformed=True)
            return
        context = {CORRELATION_KEY: event.correlationid, EVENT_TYPE_KEY: event.type}
        try:
            self.container.spawn_worker(
                self,
                (event,),
                {},
                context_data=context,
                handle_result=partial(self.handle_result, message),
            )
        except ContainerBeingKilled:
            self.queue_consumer.requeue_message(message)

    def _read(self, message) -> envelope.Event:
        event = envelope.parse(message.body)
        if event.type != self.event_type:
            raise ValueError(f"type {event.type!r} on the queue of {self.event_type!r}")
        error = jsonschema.exceptions.best_match(self._validator.iter_errors(event.data))
        if error is not None:
            raise ValueError(f"data: {error.message} at {list(error.absolute_path)}")
        return event

    def handle_result(self, message, worker_ctx, result=None, exc_info=None):
        if exc_info is None:
            self.queue_consumer.ack_message(message)
        else:
            rejected = issubclass(exc_info[0], Rejected)
            self._fail(message, f"{exc_info[0].__name__}: {exc_info[1]}", malformed=rejected)
        return result, exc_info

    def _fail(self, message, reason: str, *, malformed: bool = False) -> None:
        failed = Failed(
            queue=self.queue_name,
            message_id=message.properties.get("message_id") or "",
            body=message.body,
            content_type=message.content_type or "application/octet-stream",
            correlation_id=message.properties.get("correlation_id") or "",
            headers=dict(message.headers or {}),
            reason=reason,
        )
        try:
            self.bus.handle_failure(failed, malformed=malformed)
        except Exception as exc:
            # Not confirmed: leave the message to the broker, which redelivers it later and
            # dead-letters it past the queue's delivery limit.
            log.error("failure_not_recorded", queue=self.queue_name, error=str(exc)[:300])
            self.queue_consumer.requeue_message(message)
            return
        self.queue_consumer.ack_message(message)


event_handler = EventHandler.decorator
