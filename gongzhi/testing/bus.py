"""Talking to the real broker in tests: publish with confirms, take what a queue holds."""

import subprocess
import uuid

import amqp
import kombu

from gongzhi.publisher import ConfirmingPublisher, Outgoing
from gongzhi.testing.system import eventually


def publish(
    uri: str, exchange: str, routing_key: str, *bodies: bytes, message_id: str | None = None
) -> None:
    """Publish each body, confirmed; `message_id` (for one body) defaults to a new uuid."""
    publisher = ConfirmingPublisher(uri)
    result = publisher.publish(
        Outgoing(message_id or str(uuid.uuid4()), exchange, routing_key, body) for body in bodies
    )
    publisher.close()
    assert len(result.confirmed) == len({message_id} if message_id else bodies), result


def take_all(uri: str, queue: str) -> list[amqp.Message]:
    """Every message in `queue` now, acknowledged."""
    taken = []
    with kombu.Connection(uri) as connection:
        channel = connection.connection.channel()
        while (message := channel.basic_get(queue, no_ack=True)) is not None:
            taken.append(message)
        channel.close()
    return taken


def take_until(uri: str, queue: str, count: int, timeout: float = 15) -> list[amqp.Message]:
    """Messages from `queue` as they arrive, until there are `count` of them."""
    taken: list[amqp.Message] = []

    def enough() -> bool:
        taken.extend(take_all(uri, queue))
        return len(taken) >= count

    eventually(enough, timeout=timeout)
    return taken


def queues_in(vhost: str) -> list[str]:
    """The names of the queues declared in `vhost`, as `rabbitmqctl` lists them."""
    listed = subprocess.run(  # noqa: S603 - rabbitmqctl with our own arguments
        ["rabbitmqctl", "list_queues", "-q", "-p", vhost, "name"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return listed.stdout.split()
