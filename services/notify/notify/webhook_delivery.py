"""What each subscription is owed: a row per event and subscription (webhook_deliveries),
written in the transaction of the event that owes it, sent in order of id per subscription.

Only a subscription's oldest unsettled event is ever tried (`claim_next`): it goes `sending`
under a lease, is sent with no transaction open, then `settle` makes it `sent`, or `pending`
again after an exponential backoff with jitter, or `failed` once its retry budget (the policy's
`max_age_hours`) is spent; then the next one goes. Each failure counts against the subscription:
`disable_after` in a row disable it until its owner enables it again (webhooks.enable).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.envelope import Event
from notify.model import webhook_deliveries, webhooks
from notify.retries import WebhookPolicy

LEASE = timedelta(minutes=5)  # far past one send's timeout
UNSETTLED = ("pending", "sending")


@dataclass(frozen=True)
class Owed:
    """The next event a subscription is owed, with where it goes and how it is signed."""

    id: int
    webhook_id: int
    event_id: str
    payload: str
    url: str
    sealed_secret: str


def queue(session: Session, event: Event, now: datetime) -> int:
    """One pending row for each subscription that wants `event`'s type (a disabled one too:
    it gets them once enabled again); none twice. Returns how many were written."""
    wanting = session.execute(select(webhooks.c.id, webhooks.c.event_types)).all()
    written = 0
    for webhook_id, types in wanting:
        if event.type in types and not _queued(session, webhook_id, event.id):
            session.execute(insert(webhook_deliveries).values(_row(webhook_id, event, now)))
            written += 1
    return written


def _row(webhook_id: int, event: Event, now: datetime) -> dict:
    return {
        "webhook_id": webhook_id,
        "event_id": event.id,
        "event_type": event.type,
        "payload": event.to_json().decode(),
        "status": "pending",
        "attempts": 0,
        "since": now,
        "due_at": now,
        "created_at": now,
    }


def _queued(session: Session, webhook_id: int, event_id: str) -> bool:
    d = webhook_deliveries.c
    found = select(d.id).where(d.webhook_id == webhook_id, d.event_id == event_id)
    return session.execute(found).first() is not None


def waiting(session: Session) -> list[int]:
    """The enabled subscriptions with anything unsettled, by id."""
    d, w = webhook_deliveries.c, webhooks.c
    joined = webhook_deliveries.join(webhooks, w.id == d.webhook_id)
    statement = (
        select(d.webhook_id).select_from(joined).where(w.enabled, d.status.in_(UNSETTLED))
    ).distinct()
    return sorted(session.execute(statement).scalars())


def claim_next(session: Session, webhook_id: int, now: datetime) -> Owed | None:
    """The subscription's oldest unsettled event, now `sending`, if it is due and the
    subscription enabled; None if it must wait (or another sender holds it under its lease)."""
    d, w = webhook_deliveries.c, webhooks.c
    statement = (
        select(d.id, d.webhook_id, d.event_id, d.payload, d.due_at, w.url, w.secret)
        .select_from(webhook_deliveries.join(webhooks, w.id == d.webhook_id))
        .where(d.webhook_id == webhook_id, d.status.in_(UNSETTLED), w.enabled)
        .order_by(d.id)
        .limit(1)
        # No skip_locked: another instance skipping a locked head would send the next event
        # out of order. It waits instead, then finds the head sending under its lease.
        .with_for_update(of=webhook_deliveries)
    )
    row = session.execute(statement).first()
    if row is None or (as_utc(row.due_at) or now) > now:
        return None
    session.execute(
        update(webhook_deliveries)
        .where(d.id == row.id)
        .values(status="sending", due_at=now + LEASE)
    )
    return Owed(row.id, row.webhook_id, row.event_id, row.payload, row.url, row.secret)


def settle(
    session: Session, owed: Owed, error: str | None, now: datetime, policy: WebhookPolicy
) -> str:
    """Record what came of one send: sent, retry or failed."""
    if error is None:
        _set(session, owed.id, status="sent", sent_at=now, due_at=None, error=None)
        _subscription(session, owed.webhook_id, failures=0, updated_at=now)
        return "sent"
    _count_failure(session, owed.webhook_id, error, now, policy)
    d = webhook_deliveries.c
    row = session.execute(select(d.attempts, d.since).where(d.id == owed.id)).one()
    attempts, since = row.attempts + 1, as_utc(row.since) or now
    due = now + policy.backoff(attempts)
    if due - since > timedelta(hours=policy.max_age_hours):
        _set(session, owed.id, status="failed", attempts=attempts, due_at=None, error=error)
        return "failed"
    _set(session, owed.id, status="pending", attempts=attempts, due_at=due, error=error)
    return "retry"


def _count_failure(
    session: Session, webhook_id: int, error: str, now: datetime, policy: WebhookPolicy
) -> None:
    failures = session.execute(
        select(webhooks.c.failures).where(webhooks.c.id == webhook_id)
    ).scalar_one()
    values: dict = {"failures": failures + 1, "updated_at": now}
    if failures + 1 >= policy.disable_after:
        reason = f"disabled after {failures + 1} failures in a row, the last: {error}"
        values.update(enabled=False, disabled_reason=reason[:300])
    _subscription(session, webhook_id, **values)


def _set(session: Session, delivery_id: int, **values: object) -> None:
    d = webhook_deliveries.c
    session.execute(update(webhook_deliveries).where(d.id == delivery_id).values(**values))


def _subscription(session: Session, webhook_id: int, **values: object) -> None:
    session.execute(update(webhooks).where(webhooks.c.id == webhook_id).values(**values))


def disabled(session: Session) -> int:
    """How many subscriptions are disabled, for the gauge."""
    count = select(func.count()).select_from(webhooks).where(webhooks.c.enabled.is_(False))
    return int(session.execute(count).scalar_one())
