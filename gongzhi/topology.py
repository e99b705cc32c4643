"""The bus topology implied by the catalogue, declared before anything publishes.

- one durable topic exchange per emitting service: `gongzhi.<service>`;
- one durable quorum queue per (event type, consumer): `<consumer>.<event type>`, with a delivery
  limit and a dead-letter target;
- retries: a failed message goes to `gongzhi.delay` (headers exchange) into the delay queue of
  its attempt, `gongzhi.delay.<attempt>`; when its per-message TTL ends it is dead-lettered to
  `gongzhi.requeue` (direct), which routes it back to its own queue by the queue's name;
- dead letters: `gongzhi.dead` (direct) routes to `<queue>.dead`, with the reason in headers;
- events for outside systems: `gongzhi.outbound` (headers) routes each to the quorum queue
  `outbound.<system>` of the system its `gongzhi-recipient` header names, one per system the
  district config declares (the services' `recipients`), with its own `.dead` queue.
"""

import json
from dataclasses import dataclass
from typing import Any

import kombu

from gongzhi.catalogue import OUTBOUND_EXCHANGE, RECIPIENT_HEADER, Catalogue, outbound_queue

REQUEUE_EXCHANGE = "gongzhi.requeue"
DELAY_EXCHANGE = "gongzhi.delay"
DEAD_EXCHANGE = "gongzhi.dead"
# One delay queue per retry: the default schedule (gongzhi.retry) uses six, two are spare.
DELAY_LEVELS = 8
# Our retries ack and publish anew, so only redeliveries count toward this limit: a consumer
# lost with the message unacked (a crash; a broker or network outage, once per outage) or a
# retry the broker did not confirm. Queue arguments cannot change on a live queue: raise it
# with a policy (`delivery-limit`), not here.
DELIVERY_LIMIT = 5
# Headers exchanges ignore headers that begin with "x-" when matching.
DELAY_HEADER = "gongzhi-delay"


def delay_queue(level: int) -> str:
    return f"gongzhi.delay.{level}"


def dead_queue(queue: str) -> str:
    return f"{queue}.dead"


@dataclass(frozen=True)
class Declaration:
    exchanges: tuple[tuple[str, str], ...]  # (name, type)
    queues: tuple[tuple[str, dict[str, Any]], ...]  # (name, arguments)
    bindings: tuple[tuple[str, str, str, dict[str, Any]], ...]  # (exchange, queue, key, args)


def plan(catalogue: Catalogue, recipients: tuple[str, ...] = ()) -> Declaration:
    """What to declare for the catalogue, with a queue for each outside system in `recipients`."""
    exchanges = [(f"gongzhi.{e}", "topic") for e in catalogue.emitters]
    exchanges += [
        (REQUEUE_EXCHANGE, "direct"),
        (DELAY_EXCHANGE, "headers"),
        (DEAD_EXCHANGE, "direct"),
        (OUTBOUND_EXCHANGE, "headers"),
    ]
    queues: list[tuple[str, dict[str, Any]]] = []
    bindings: list[tuple[str, str, str, dict[str, Any]]] = []
    for level in range(1, DELAY_LEVELS + 1):
        queues.append((delay_queue(level), _delay_arguments()))
        bindings.append(
            (DELAY_EXCHANGE, delay_queue(level), "", {"x-match": "all", DELAY_HEADER: level})
        )
    routes: list[tuple[str, str, str, dict[str, Any]]] = [
        (s.queue, s.exchange, s.event_type, {}) for s in catalogue.subscriptions
    ]
    routes += [
        (outbound_queue(r), OUTBOUND_EXCHANGE, "", {"x-match": "all", RECIPIENT_HEADER: r})
        for r in recipients
    ]
    for queue, exchange, key, arguments in routes:
        queues.append((queue, _work_arguments(queue)))
        queues.append((dead_queue(queue), {"x-queue-type": "quorum"}))
        bindings.append((exchange, queue, key, arguments))
        bindings.append((REQUEUE_EXCHANGE, queue, queue, {}))
        bindings.append((DEAD_EXCHANGE, dead_queue(queue), queue, {}))
    return Declaration(tuple(exchanges), tuple(queues), tuple(bindings))


def work_queues(declaration: Declaration) -> list[str]:
    """The queues whose failures are dead-lettered: every one but the delay and dead queues."""
    return [
        name
        for name, arguments in declaration.queues
        if arguments.get("x-dead-letter-exchange") == DEAD_EXCHANGE
    ]


def _work_arguments(queue: str) -> dict[str, Any]:
    return {
        "x-queue-type": "quorum",
        "x-delivery-limit": DELIVERY_LIMIT,
        "x-dead-letter-exchange": DEAD_EXCHANGE,
        "x-dead-letter-routing-key": queue,
    }


def _delay_arguments() -> dict[str, Any]:
    # Expired messages keep their routing key (the work queue's name) on the way back.
    return {"x-queue-type": "quorum", "x-dead-letter-exchange": REQUEUE_EXCHANGE}


def declare(connection: kombu.Connection, declaration: Declaration) -> None:
    """Declare everything; idempotent, safe to run from every service at start."""
    channel = connection.channel()
    try:
        for name, kind in declaration.exchanges:
            channel.exchange_declare(name, kind, durable=True, auto_delete=False)
        for name, arguments in declaration.queues:
            channel.queue_declare(name, durable=True, auto_delete=False, arguments=arguments)
        for exchange, queue, key, arguments in declaration.bindings:
            channel.queue_bind(queue, exchange, key, arguments=arguments)
    finally:
        channel.close()


def definitions(declaration: Declaration, vhost: str = "/") -> dict[str, Any]:
    """RabbitMQ definitions (import with `rabbitmqctl import_definitions` or the management UI)."""
    return {
        "rabbit_version": "3.10.0",
        "vhosts": [{"name": vhost}],
        "exchanges": [
            {
                "name": n,
                "vhost": vhost,
                "type": k,
                "durable": True,
                "auto_delete": False,
                "internal": False,
                "arguments": {},
            }
            for n, k in declaration.exchanges
        ],
        "queues": [
            {"name": n, "vhost": vhost, "durable": True, "auto_delete": False, "arguments": a}
            for n, a in declaration.queues
        ],
        "bindings": [
            {
                "source": e,
                "vhost": vhost,
                "destination": q,
                "destination_type": "queue",
                "routing_key": k,
                "arguments": a,
            }
            for e, q, k, a in declaration.bindings
        ],
    }


def definitions_json(declaration: Declaration) -> str:
    return json.dumps(definitions(declaration), indent=2, ensure_ascii=False) + "\n"
