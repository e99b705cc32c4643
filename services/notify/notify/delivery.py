"""Durable delivery: a row per message owed (deliveries) and per attempt (delivery_attempts).

A message is written `pending` in the transaction of the event that owes it, rendered for each
channel of its chain. The dispatcher claims due messages in a short transaction (`sending`, with
a lease: a process that dies mid-send leaves them due again), sends them with no transaction
open, then settles each: `sent` (`delivered` for the inbox and the log, which need no receipt),
or a retry on the same channel after an exponential backoff with jitter, or, once the channel's
attempts or the message's age run out, the next channel of the chain; `failed` with the reason
when the chain is spent. A channel the recipient has no address for is passed over at once.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.envelope import Event
from notify.channels import Channel, Message, Sent
from notify.holding import Hold, at_once
from notify.model import deliveries, delivery_attempts, inbox_messages
from notify.retries import Retry
from notify.rules import Owed, subject_of

log = structlog.get_logger(__name__)
BATCH = 200  # messages one pass claims
LEASE = timedelta(minutes=5)  # far past one send's timeout
STATUSES = ("pending", "sending", "sent", "delivered", "failed", "suppressed")
SETTLED_AT_ONCE = ("inbox", "log")  # nothing to wait for: delivered when written


NotBefore = Callable[[datetime], datetime]  # the earliest a non-critical message may go
Render = Callable[[str, str, str], tuple[str, str]]  # (template, variant, recipient) -> title, body


class CannotRender(Exception):
    """A template failed on this event (templates/x.j2:3: 'foo' is undefined): the message is
    written failed with that reason, and the event's other messages go all the same."""


def owe(
    session: Session,
    event: Event,
    owed: Sequence[Owed],
    channels: Mapping[str, Channel],
    render: Render,
    now: datetime,
    hold: Hold = at_once,
) -> int:
    """Write each message `event` owes as `hold` decides (holding.py: pending and due now,
    held for the end of the quiet hours, or suppressed); one already owed is not written
    again. Returns how many were written."""
    written = 0
    for item in owed:
        if _owed_before(session, event.id, item):
            continue
        decided = hold(session, item, now)
        try:
            rendered = _rendered(item, decided.chain, channels, render)
        except CannotRender as failed:
            log.warning("message_not_rendered", template=item.rule.template, error=str(failed))
            state: dict[str, Any] = {"status": "failed", "reason": str(failed)[:300]}
            _write(session, event, item, decided.chain, {}, now, **state)
        else:
            body = rendered[channels[decided.chain[0]].variant]["body"]
            state = {"status": decided.status, "reason": decided.reason, "due_at": decided.due_at}
            _write(session, event, item, decided.chain, rendered, now, body=body, **state)
        written += 1
    return written


def _rendered(
    item: Owed, chain: Sequence[str], channels: Mapping[str, Channel], render: Render
) -> dict[str, dict[str, str]]:
    """The message in each variant its chain's channels carry: variant -> {title, body}."""
    variants = {channels[name].variant for name in chain}
    found = {}
    for variant in sorted(variants):
        title, body = render(item.rule.template, variant, item.recipient)
        found[variant] = {"title": title, "body": body}
    return found


def _write(
    session: Session,
    event: Event,
    item: Owed,
    chain: Sequence[str],
    rendered: dict[str, dict[str, str]],
    now: datetime,
    **state: Any,
) -> None:
    session.execute(
        insert(deliveries).values(
            subject=subject_of(event.data),
            recipient=item.recipient,
            channel=chain[0],
            template=item.rule.template,
            body=state.pop("body", ""),
            event_id=event.id,
            created_at=now,
            topic=item.rule.topic,
            critical=item.critical,
            chain=list(chain),
            step=0,
            attempts=0,
            rendered=rendered,
            event_time=event.time,
            correlation_id=event.correlationid,
            updated_at=now,
            **state,
        )
    )


def _owed_before(session: Session, event_id: str, item: Owed) -> bool:
    d = deliveries.c
    found = session.execute(
        select(d.id).where(
            d.event_id == event_id, d.recipient == item.recipient, d.template == item.rule.template
        )
    ).first()
    return found is not None


def claim(session: Session, now: datetime, batch: int) -> list[RowMapping]:
    """Due messages (and those a dead dispatcher left sending past their lease), now sending."""
    d = deliveries.c
    rows = (
        session.execute(
            select(deliveries)
            .where(d.status.in_(("pending", "sending")), d.due_at <= now)
            .order_by(d.critical.desc(), d.due_at, d.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        )
        .mappings()
        .all()
    )
    if rows:
        ids = [row["id"] for row in rows]
        session.execute(
            update(deliveries).where(d.id.in_(ids)).values(status="sending", due_at=now + LEASE)
        )
    return list(rows)


@dataclass(frozen=True)
class Try:
    """One message's try on its chain's channel now: where to, and what to say."""

    message: RowMapping
    channel: Channel
    address: str | None  # None: the channel needs no address (a group robot, the inbox)
    missing: bool  # the recipient has no address of the channel's kind
    waiting: str | None = None  # why it must wait: the address is on its way

    @property
    def text(self) -> Message:
        rendered = self.message["rendered"][self.channel.variant]
        fmt = "markdown" if self.channel.variant == "markdown" else "text"
        return Message(title=rendered["title"], body=rendered["body"], format=fmt)


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
        return _sent(session, message, channel, now)
    return _failed(session, message, sent.error or "failed", now, retry, not_before)


def _sent(session: Session, message: RowMapping, channel: Channel, now: datetime) -> str:
    status = "delivered" if channel.kind in SETTLED_AT_ONCE else "sent"
    if channel.kind == "inbox":
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
    _update(session, message, status=status, sent_at=now, due_at=None, reason=None, now=now)
    return status


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


def _update(session: Session, message: RowMapping, *, now: datetime, **values: Any) -> None:
    session.execute(
        update(deliveries).where(deliveries.c.id == message["id"]).values(updated_at=now, **values)
    )
