"""The outbox: events written in the same transaction as the state change they announce."""

from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from gongzhi.catalogue import EventType
from gongzhi.envelope import Event, caused_by


class Outbox:
    """Handed to a handler inside its unit of work: `outbox.add(TYPE, data, subject=...)`."""

    def __init__(
        self,
        session: Session,
        table: Table,
        *,
        source: str,
        district: str,
        correlationid: str | None,
        cause: Event | None,
        now: datetime,
    ):
        self._session = session
        self._table = table
        self._source = source
        self._district = district
        self._lineage = caused_by(cause, correlationid)
        self._now = now
        self.added: list[Event] = []

    @property
    def correlationid(self) -> str:
        return str(self._lineage["correlationid"])

    def add(
        self,
        event_type: EventType,
        data: dict[str, Any],
        *,
        subject: str | None = None,
        recipient: str | None = None,
    ) -> Event:
        """Write the event to go out with the unit of work. An outbound type (for a system
        outside Gongzhi) needs the `recipient` it is addressed to; no other type takes one."""
        if event_type.outbound != (recipient is not None):
            raise ValueError(f"{event_type.type}: a recipient goes with outbound events alone")
        event = Event(
            type=event_type.type,
            source=self._source,
            data=event_type.validate(data),
            district=self._district,
            subject=subject,
            dataschema=event_type.dataschema,
            time=self._now,
            recipient=recipient,
            **self._lineage,  # type: ignore[arg-type]
        )
        self._session.execute(
            insert(self._table).values(
                event_id=event.id,
                event_type=event.type,
                exchange=event_type.exchange,
                body=event.to_json().decode(),
                correlation_id=event.correlationid,
                created_at=self._now,
                attempts=0,
                next_attempt_at=self._now,
            )
        )
        self.added.append(event)
        return event
