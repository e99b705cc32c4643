"""One pass of the dispatcher: claim the due messages, send them with no transaction open, each
recipient's in the order they were owed and the recipients all at once (each send bounded by its
timeout, so a slow or failing receiver delays nobody else's message), then settle each
(delivery.py)."""

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import eventlet
import structlog
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from notify import channels as channel_kinds
from notify import delivery, own, settling
from notify.addresses import NotYetKnown
from notify.channels import Channel, Message, Sent
from notify.delivery import Try
from notify.links import Links
from notify.retries import Retry

log = structlog.get_logger(__name__)

# (session, recipient, address kind, subject) -> the address, or None if there is none; raises
# addresses.NotYetKnown while a resident's contact is on its way
AddressFor = Callable[[Session, str, str, str], str | None]
# (the message as rendered, its row, now) -> what it says as it goes: the placeholders filled
Fill = Callable[[Message, RowMapping, datetime], Message]


@dataclass
class Pass:
    """What one pass did, for the metrics: what came of each message it handled (delivery's
    outcomes), each try by channel, and how long each message took from its event to sent."""

    claimed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # outcome -> count
    tries: list[tuple[str, str]] = field(default_factory=list)  # (channel, sent|failed|skipped)
    event_to_sent: list[float] = field(default_factory=list)  # seconds


def run(
    transaction: Callable[[], AbstractContextManager[Any]],
    channels: Mapping[str, Channel],
    retry: Retry,
    address_for: AddressFor,
    clock: Any,
    *,
    batch: int = delivery.BATCH,
    not_before: delivery.NotBefore | None = None,
    links: Links | None = None,
    own_key: bytes | None = None,
) -> Pass:
    """Claim, send, settle one batch. `transaction()` yields a unit of work with `.session`;
    a non-critical message tried again is not due before `not_before` allows (quiet hours);
    a resident's message gets the token of their link as it goes (`links`), and any message
    its recipient's own values, opened with `own_key` (own.py)."""
    done = Pass()
    with transaction() as uow:
        rows = delivery.claim(uow.session, clock.now(), batch)
        tries = [_try(uow.session, row, channels, address_for) for row in rows]
    done.claimed = len(tries)
    if not tries:
        return done
    results = _send_all(tries, retry, clock, _filler(links, own_key))
    with transaction() as uow:
        for attempt, started, sent in results:
            outcome = _settle(uow.session, attempt, started, sent, clock.now(), retry, not_before)
            _count(done, attempt, sent, outcome, clock.now())
    for attempt, _, sent in results:
        _log(attempt, sent)
    return done


def _log(attempt: Try, sent: Sent | None) -> None:
    """One line per try, with its event's correlation id: no address and no words of it."""
    message = attempt.message
    log.info(
        "message_tried",
        correlation_id=message["correlation_id"],
        delivery_id=message["id"],
        template=message["template"],
        channel=attempt.channel.name,
        result="skipped" if sent is None else "sent" if sent.ok else "failed",
        error=None if sent is None or sent.ok else sent.error,
    )


def _count(done: Pass, attempt: Try, sent: Sent | None, outcome: str, now: datetime) -> None:
    done.outcomes[outcome] = done.outcomes.get(outcome, 0) + 1
    tried = "skipped" if sent is None else "sent" if sent.ok else "failed"
    done.tries.append((attempt.channel.name, tried))
    happened = as_utc(attempt.message["event_time"])
    if outcome in ("sent", "delivered") and happened is not None:
        done.event_to_sent.append(max(0.0, (now - happened).total_seconds()))


def _try(
    session: Session, row: Any, channels: Mapping[str, Channel], address_for: AddressFor
) -> Try:
    channel = channels[row["channel"]]
    if channel.address == "none" or channel.kind in ("inbox", "log"):
        return Try(row, channel, None, missing=False)
    try:
        address = address_for(session, row["recipient"], channel.address, row["subject"])
    except NotYetKnown as waiting:
        return Try(row, channel, None, missing=False, waiting=str(waiting))
    return Try(row, channel, address, missing=address is None)


def _filler(links: Links | None, own_key: bytes | None) -> Fill:
    def fill(text: Message, message: RowMapping, now: datetime) -> Message:
        if links is not None:
            text = links.filled(text, message["recipient"], now)
        if own_key is not None:
            text = own.filled(text, message["own"], own_key)
        return text

    return fill


def _send_all(
    tries: list[Try], retry: Retry, clock: Any, fill: Fill
) -> list[tuple[Try, datetime, Sent | None]]:
    def one(attempt: Try) -> tuple[Try, datetime, Sent | None]:
        message = attempt.message
        with structlog.contextvars.bound_contextvars(
            correlation_id=message["correlation_id"], delivery_id=message["id"]
        ):
            return _one(attempt)

    def _one(attempt: Try) -> tuple[Try, datetime, Sent | None]:
        started = clock.now()
        if attempt.missing:
            return attempt, started, None
        if attempt.waiting:
            return attempt, started, Sent(ok=False, error=attempt.waiting)
        if attempt.channel.kind == "inbox":  # notify's own: written when settled
            return attempt, started, Sent(ok=True)
        text = fill(attempt.text, attempt.message, started)
        sent = channel_kinds.send(
            attempt.channel, attempt.address, text, timeout=retry.timeout_seconds
        )
        return attempt, started, sent

    def in_turn(mine: list[Try]) -> list[tuple[Try, datetime, Sent | None]]:
        return [one(attempt) for attempt in mine]

    by_recipient = _by_recipient(tries)
    pool = eventlet.GreenPool(size=min(len(by_recipient), 100))
    return [result for mine in pool.imap(in_turn, by_recipient) for result in mine]


def _by_recipient(tries: list[Try]) -> list[list[Try]]:
    """The tries of each recipient, oldest message first: one recipient's messages go one after
    another, in the order they were owed (an answer before the resolution); recipients side by
    side."""
    mine: dict[str, list[Try]] = {}
    for attempt in sorted(tries, key=lambda t: t.message["id"]):
        mine.setdefault(attempt.message["recipient"], []).append(attempt)
    return list(mine.values())


def _settle(
    session: Session,
    attempt: Try,
    started: datetime,
    sent: Sent | None,
    now: datetime,
    retry: Retry,
    not_before: delivery.NotBefore | None,
) -> str:
    message, channel = attempt.message, attempt.channel
    if sent is None:
        return settling.passed_over(session, message, channel, now, not_before)
    return settling.attempted(session, message, channel, sent, started, now, retry, not_before)
