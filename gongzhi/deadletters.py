"""Ops on the bus from the command line: declare the topology; list and replay dead letters."""

import json

import amqp
import kombu

from gongzhi import catalogue, plugins, topology
from gongzhi.district import District
from gongzhi.retry import ATTEMPT_HEADER, QUEUE_HEADER, REASON_HEADER


def plan(district: District) -> topology.Declaration:
    """The bus of the installed services, with the queues of the district's outside systems."""
    return topology.plan(catalogue.load(), plugins.recipients(district))


def declare_all(amqp_uri: str, plan: topology.Declaration) -> str:
    with kombu.Connection(amqp_uri, connect_timeout=5) as connection:
        topology.declare(connection, plan)
    return (
        f"{len(plan.exchanges)} exchanges, {len(plan.queues)} queues, {len(plan.bindings)} bindings"
    )


def work_queues(plan: topology.Declaration, only: str | None) -> list[str]:
    return [q for q in topology.work_queues(plan) if only in (None, q)]


def command(
    amqp_uri: str, plan: topology.Declaration, only: str | None, *, replay: bool, limit: int
) -> int:
    queues = work_queues(plan, only)
    if only is not None and not queues:
        print(f"gongzhi: {only} is not a work queue of the catalogue or the district")
        return 2
    with kombu.Connection(amqp_uri, connect_timeout=5) as connection:
        channel = connection.connection.channel()
        total = sum(_each_queue(channel, q, replay, limit) for q in queues)
        channel.close()
    verb = "replayed" if replay else "dead letters"
    print(f"{total} {verb}")
    return 0


def _each_queue(channel: amqp.Channel, queue: str, replay: bool, limit: int) -> int:
    seen = 0
    while seen < limit:
        message = channel.basic_get(topology.dead_queue(queue), no_ack=False)
        if message is None:
            break
        seen += 1
        print(json.dumps(_describe(queue, message), ensure_ascii=False))
        if replay:
            _send_back(channel, queue, message)
    if not replay:
        channel.basic_recover(requeue=True)  # leave them where they are
    return seen


def _describe(queue: str, message: amqp.Message) -> dict:
    headers = message.headers or {}
    deaths = headers.get("x-death") or []
    reason = headers.get(REASON_HEADER) or (deaths[0].get("reason") if deaths else "unknown")
    return {
        "queue": headers.get(QUEUE_HEADER, queue),
        "message_id": message.properties.get("message_id"),
        "reason": str(reason),
        "attempts": headers.get(ATTEMPT_HEADER, 0),
        "body": message.body.decode("utf-8", "replace")[:500],
    }


def _send_back(channel: amqp.Channel, queue: str, message: amqp.Message) -> None:
    headers = {
        k: v
        for k, v in (message.headers or {}).items()
        if k not in (ATTEMPT_HEADER, REASON_HEADER, "x-death")
    }
    copy = amqp.Message(
        message.body,
        application_headers=headers,
        delivery_mode=2,
        content_type=message.properties.get("content_type"),
        message_id=message.properties.get("message_id"),
        correlation_id=message.properties.get("correlation_id"),
    )
    channel.basic_publish_confirm(
        copy, exchange=topology.REQUEUE_EXCHANGE, routing_key=queue, mandatory=True
    )
    channel.basic_ack(message.delivery_tag)
