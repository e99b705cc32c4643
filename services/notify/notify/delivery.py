"""Durable delivery: a row per message owed (deliveries) and per attempt (delivery_attempts).

A message is written `pending` in the transaction of the event that owes it, rendered for each
channel of its chain. The dispatcher claims due messages in a short transaction (`sending`, with
a lease: a process that dies mid-send leaves them due again), sends them with no transaction
open, then settles each (settling.py).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from gongzhi.envelope import Event
from notify.channels import Channel, Message
from notify.holding import Hold, at_once
from notify.model import deliveries
from notify.rules import Owed, subject_of

log = structlog.get_logger(__name__)
BATCH = 200  # messages one pass claims
LEASE = timedelta(minutes=5)  # far past one send's timeout
STATUSES = ("pending", "sending", "sent", "delivered", "failed", "suppressed")
SETTLED_AT_ONCE = ("inbox", "log")  # nothing to wait for: delivered when written


NotBefore = Callable[[datetime], datetime]  # the earliest a non-critical message may go
Render = Callable[[str, str, str], tuple[str, str]]  # (template, variant, recipient) -> title, body
Sealed = Callable[[str], str | None]  # recipient -> their own values, sealed (own.py), or None


def nothing_own(recipient: str) -> None:
    """For an event that holds nothing for any recipient alone."""


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
    sealed: Sealed = nothing_own,
) -> int:
    """Write each message `event` owes as `hold` decides (holding.py: pending and due now,
    held for the end of the quiet hours, or suppressed), a pending one with its recipient's
    own values `sealed`; one already owed is not written again. Returns how many were
    written."""
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
            # A suppressed one never goes: nothing of the recipient's own to fill in.
            state["own"] = sealed(item.recipient) if decided.status == "pending" else None
            _write(session, event, item, decided.chain, rendered, now, body=body, **state)
            if decided.reason:  # held for the quiet hours, or suppressed: say so, and why
                log.info(
                    "message_held" if decided.status == "pending" else "message_suppressed",
                    template=item.rule.template,
                    reason=decided.reason,
                    due_at=decided.due_at.isoformat() if decided.due_at else None,
                )
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
