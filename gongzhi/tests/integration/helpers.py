"""Small helpers for talking to the real broker in tests."""

import json
import uuid
from datetime import UTC, datetime

import amqp
import kombu
from sqlalchemy import create_engine, func, select

from gongzhi.envelope import Event
from gongzhi.publisher import ConfirmingPublisher, Outgoing


def assigned_event(issue_id: str | None = None) -> Event:
    issue_id = issue_id or str(uuid.uuid4())
    return Event(
        type="routing.issue.assigned.v1",
        source="/gongzhi/620502001/routing",
        subject=issue_id,
        district="620502001",
        correlationid=str(uuid.uuid4()),
        data={
            "issue_id": issue_id,
            "category": "blocked-sewer",
            "grid": {"code": "620502001001001", "name": "网格"},
            "tier": "grid",
            "owner": {"kind": "grid_worker", "id": "gw-620502001001001"},
            "assigned_at": datetime.now(UTC).isoformat(),
        },
    )


def publish(uri: str, exchange: str, routing_key: str, body: bytes, message_id: str = "") -> None:
    publisher = ConfirmingPublisher(uri)
    result = publisher.publish(
        [Outgoing(message_id or str(uuid.uuid4()), exchange, routing_key, body)]
    )
    publisher.close()
    assert result.confirmed, result


def publish_event(uri: str, event: Event) -> None:
    emitter = event.type.split(".", 1)[0]
    publish(uri, f"gongzhi.{emitter}", event.type, event.to_json(), event.id)


def take_all(uri: str, queue: str) -> list[amqp.Message]:
    """Every message in `queue`, acknowledged."""
    taken = []
    with kombu.Connection(uri) as connection:
        channel = connection.connection.channel()
        while (message := channel.basic_get(queue, no_ack=True)) is not None:
            taken.append(message)
        channel.close()
    return taken


def count_rows(settings, table) -> int:
    engine = create_engine(
        settings.url,
        connect_args=({"options": f"-c search_path={settings.schema}"} if settings.schema else {}),
    )
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(table)).scalar_one()
    engine.dispose()
    return count


def body_of(message: amqp.Message) -> dict:
    return json.loads(message.body)
