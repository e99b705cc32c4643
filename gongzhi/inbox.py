"""The inbox: a consumer applies each event once, by the unique key (consumer, source, id)."""

from datetime import datetime
from typing import cast

from sqlalchemy import CursorResult, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gongzhi.envelope import Event


def record(session: Session, table: Table, consumer: str, event: Event, now: datetime) -> bool:
    """Insert the event's key in the handler's transaction; False if it was applied before."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table)
        .values(
            consumer=consumer,
            source=event.source,
            event_id=event.id,
            event_type=event.type,
            received_at=now,
        )
        .on_conflict_do_nothing()
    )
    result = cast(CursorResult, session.execute(statement))
    return result.rowcount == 1
