"""Settling a try (delivery.py writes and claims the messages): `sent` (`delivered` for the
inbox and the log, which need no receipt), a retry on the same channel after an exponential
backoff with jitter, or, once the channel's attempts or the message's age run out, the chain's
next channel; `failed` with the reason when the chain is spent. A channel the recipient has no
address for is passed over at once. A non-critical message tried again is not due before
`not_before` allows (the end of the quiet hours). A message settled for good (delivered,
failed, or sent where no receipt can follow) keeps nothing of its recipient's own (own.py)."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from notify.channels import Channel, Sent
from notify.delivery import SETTLED_AT_ONCE, NotBefore
from notify.model import deliveries, delivery_attempts, inbox_messages
from notify.retries import Retry

SETTLED = ("delivered", "failed")  # for good: not tried again, nor on another channel


def attempted(
    session: Session,
    message: RowMapping,
    channel: Channel,
    sent: Sent,
    started: datetime,
    now: datetime,
    retry: Retry,
    not_before: NotBefore | None = None,
) -> str:
    """Record one attempt and move the message on. Returns what came of it: delivered, sent,
    retry (the same channel later), next_channel, or failed. A non-critical message tried
    again is not due before `not_before` allows (the end of the quiet hours)."""
    session.execute(
        insert(delivery_attempts).values(
            delivery_id=message["id"],
            channel=channel.name,
            started_at=started,
            finished_at=now,
            outcome="sent" if sent.ok else "failed",
            error=sent.error,
            provider_id=sent.provider_id,
        )
    )
    if sent.ok:
        return _sent(session, message, channel, sent, now)
    return _failed(session, message, sent.error or "failed", now, retry, not_before)


def _sent(
    session: Session, message: RowMapping, channel: Channel, sent: Sent, now: datetime
) -> str:
    status = "delivered" if channel.kind in SETTLED_AT_ONCE else "sent"
    if channel.kind == "inbox":
        _to_inbox(session, message, channel, now)
    # Only a receipt naming the gateway's id of it may yet send it down its chain: without an
    # id, sent is for good and its own values are needed no more.
    kept = {} if sent.provider_id else {"own": None}
    _update(session, message, status=status, sent_at=now, due_at=None, reason=None, now=now, **kept)
    return status


def _to_inbox(session: Session, message: RowMapping, channel: Channel, now: datetime) -> None:
    rendered = message["rendered"][channel.variant]
    session.execute(
        insert(inbox_messages).values(
            recipient=message["recipient"],
            delivery_id=message["id"],
            subject=message["subject"],
            title=rendered["title"][:200],
            body=rendered["body"],
            created_at=now,
        )
    )


def _failed(
    session: Session,
    message: RowMapping,
    error: str,
    now: datetime,
    retry: Retry,
    not_before: NotBefore | None,
) -> str:
    attempts = message["attempts"] + 1
    started = as_utc(message["created_at"])
    young = started is None or now - started < timedelta(minutes=retry.max_age_minutes)
    if attempts < retry.attempts and young:
        due = _due(message, now + retry.backoff(attempts), not_before)
        _update(
            session, message, status="pending", attempts=attempts, due_at=due, reason=error, now=now
        )
        return "retry"
    return next_channel(session, message, error, now, not_before)


def _due(message: RowMapping, at: datetime, not_before: NotBefore | None) -> datetime:
    return at if message["critical"] or not_before is None else not_before(at)


def next_channel(
    session: Session,
    message: RowMapping,
    error: str,
    now: datetime,
    not_before: NotBefore | None = None,
) -> str:
    """The chain's next channel, due now (or when `not_before` allows a non-critical message);
    `failed` with the last error if there is none."""
    chain, step = list(message["chain"]), message["step"] + 1
    if step >= len(chain):
        _update(session, message, status="failed", due_at=None, reason=error, now=now)
        return "failed"
    _update(
        session,
        message,
        status="pending",
        step=step,
        channel=chain[step],
        attempts=0,
        due_at=_due(message, now, not_before),
        reason=error,
        now=now,
    )
    return "next_channel"


def passed_over(
    session: Session,
    message: RowMapping,
    channel: Channel,
    now: datetime,
    not_before: NotBefore | None = None,
) -> str:
    """The recipient has no address for this channel: noted as an attempt, and on to the next;
    with none left, `failed` for want of any address."""
    error = f"no {channel.address} address for the recipient"
    session.execute(
        insert(delivery_attempts).values(
            delivery_id=message["id"],
            channel=channel.name,
            started_at=now,
            finished_at=now,
            outcome="skipped",
            error=error,
        )
    )
    if message["step"] + 1 >= len(message["chain"]) and not _ever_tried(session, message["id"]):
        error = "no address for any channel of its chain"
    return next_channel(session, message, error, now, not_before)


def _ever_tried(session: Session, delivery_id: int) -> bool:
    a = delivery_attempts.c
    found = session.execute(
        select(a.id).where(a.delivery_id == delivery_id, a.outcome != "skipped").limit(1)
    ).first()
    return found is not None


def delivered(session: Session, message: RowMapping, now: datetime) -> str:
    """A sent message that reached its recipient (a gateway's receipt says so)."""
    _update(session, message, status="delivered", now=now)
    return "delivered"


def _update(session: Session, message: RowMapping, *, now: datetime, **values: Any) -> None:
    if values.get("status") in SETTLED:  # nothing left to fill in: its own values go (own.py)
        values["own"] = None
    session.execute(
        update(deliveries).where(deliveries.c.id == message["id"]).values(updated_at=now, **values)
    )
