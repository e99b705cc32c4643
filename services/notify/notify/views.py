"""What notify's read API shows: the delivery log with every attempt, and a holder's inbox.
Plain functions over the session."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.web import HttpError
from notify import preferences as chosen
from notify.model import deliveries, delivery_attempts, inbox_messages

TIMES = ("created_at", "sent_at", "due_at", "event_time", "updated_at")


def deliveries_log(session: Session, query: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    """Messages by the query's filters (subject, recipient, status, channel), newest first; or,
    `stuck`, those pending or sending past their due time, the longest overdue first."""
    d = deliveries.c
    statement = select(deliveries).limit(query["limit"])
    for name in ("subject", "recipient", "status", "channel"):
        if query.get(name):
            statement = statement.where(d[name] == query[name])
    if query["stuck"]:
        statement = statement.where(d.status.in_(("pending", "sending")), d.due_at < now)
        statement = statement.order_by(d.due_at, d.id)
    else:
        statement = statement.order_by(d.id.desc())
    rows = [dict(row) for row in session.execute(statement).mappings()]
    tries = _attempts(session, [row["id"] for row in rows])
    return [{**_utc(row, TIMES), "tries": tries.get(row["id"], [])} for row in rows]


def _attempts(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    a = delivery_attempts.c
    found: dict[int, list[dict[str, Any]]] = {}
    rows = session.execute(
        select(delivery_attempts).where(a.delivery_id.in_(ids)).order_by(a.id)
    ).mappings()
    for row in rows:
        found.setdefault(row["delivery_id"], []).append(
            _utc(dict(row), ("started_at", "finished_at"))
        )
    return found


def inbox(session: Session, recipient: str, *, unread: bool) -> list[dict[str, Any]]:
    m = inbox_messages.c
    statement = select(inbox_messages).where(m.recipient == recipient)
    if unread:
        statement = statement.where(m.read_at.is_(None))
    rows = session.execute(statement.order_by(m.id.desc()).limit(200)).mappings()
    return [_utc(dict(row), ("created_at", "read_at")) for row in rows]


def mark_read(session: Session, recipient: str, message_id: int, now: datetime) -> None:
    m = inbox_messages.c
    mine = (m.id == message_id) & (m.recipient == recipient)
    if session.execute(select(m.id).where(mine)).first() is None:
        raise HttpError(404, "not_found", f"no message {message_id} in this inbox")
    session.execute(update(inbox_messages).where(mine, m.read_at.is_(None)).values(read_at=now))


def preferences(session: Session, recipient: str) -> list[Any]:
    """The recipient's choices by topic (preferences.Preference)."""
    return list(chosen.all_of(session, recipient))


def _utc(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {**row, **{name: as_utc(row[name]) for name in names if name in row}}


def backlog(session: Session, now: datetime) -> tuple[int, float]:
    """How many messages wait to be sent, and how long the longest-waiting one has been due."""
    d = deliveries.c
    count, oldest = session.execute(
        select(func.count(), func.min(d.due_at)).where(d.status.in_(("pending", "sending")))
    ).one()
    oldest = as_utc(oldest)
    return count, max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
