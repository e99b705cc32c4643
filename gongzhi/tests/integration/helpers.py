"""Events and rows for the shared package's integration tests (the broker's side is in
gongzhi.testing.bus)."""

import json
import uuid
from datetime import UTC, datetime

import amqp
from sqlalchemy import create_engine, func, select

from gongzhi.envelope import Event
from gongzhi.testing.bus import publish
from gongzhi.testing.units import an_event


def assigned_event(issue_id: str | None = None) -> Event:
    """A routing.issue.assigned.v1 event as routing announces a first assignment."""
    issue_id = issue_id or str(uuid.uuid4())
    now = datetime.now(UTC).isoformat()
    return an_event(
        "routing.issue.assigned.v1",
        {
            "issue_id": issue_id,
            "category": "blocked-sewer",
            "grid": {"code": "620502001001001", "name": "网格"},
            "tier": "grid",
            "owner": {"kind": "grid_worker", "id": "gw-620502001001001"},
            "status": "assigned",
            "light": "green",
            "assigned_at": now,
            "paused": False,
            "clocks": [],
            "co_handlers": [],
            "action": "assign",
            "actor": "system",
            "reason": "reported",
            "from_status": None,
            "from_owner": None,
            "from_tier": None,
            "at": now,
        },
        subject=issue_id,
        correlationid=str(uuid.uuid4()),
    )


def publish_event(uri: str, event: Event) -> None:
    emitter = event.type.split(".", 1)[0]
    publish(uri, f"gongzhi.{emitter}", event.type, event.to_json(), message_id=event.id)


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
