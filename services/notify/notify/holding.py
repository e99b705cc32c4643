"""What happens to a message when it is owed, before any channel sees it: the recipient's
preferences (preferences.py) may change its chain or suppress it (`opted out`); a digest taker's
warnings and a recipient's messages past the throttle are folded into the next digest
(digests.py: suppressed, `digest` or `throttle`); one owed in the district's quiet hours waits
for their end (pending, `quiet hours`). A critical message bypasses all but the chain.

    quiet_hours: {start: "22:00", end: "07:00"}   # district time; may wrap midnight
    throttle: {per_hour: 30}                      # per recipient and topic, rolling hour
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import marshmallow as ma
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongzhi.district.calendar import ClockTime
from gongzhi.workdays import WorkingCalendar
from notify import digests, preferences
from notify.digests import DigestPolicy
from notify.model import deliveries
from notify.rules import Owed

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class QuietHours:
    """When the district does not wake people for what can wait; `start` == `end`: never."""

    start: time = time(22, 0)
    end: time = time(7, 0)

    def until(self, local: datetime) -> datetime | None:
        """The end of the quiet hours `local` falls in (same zone), or None outside them."""
        now, start, end = local.time(), self.start, self.end
        inside = start <= now < end if start <= end else now >= start or now < end
        if not inside:
            return None
        ends = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
        return ends if ends > local else ends + timedelta(days=1)


class QuietHoursSchema(ma.Schema):
    start = ClockTime(load_default=time(22, 0))
    end = ClockTime(load_default=time(7, 0))

    @ma.post_load
    def _quiet(self, fields: dict[str, Any], **_: Any) -> QuietHours:
        return QuietHours(**fields)


@dataclass(frozen=True)
class Throttle:
    per_hour: int = 30  # messages per recipient and topic in any hour; the rest wait for a digest


class ThrottleSchema(ma.Schema):
    per_hour = ma.fields.Integer(
        strict=True, load_default=30, validate=ma.validate.Range(min=1, max=10000)
    )

    @ma.post_load
    def _throttle(self, fields: dict[str, Any], **_: Any) -> Throttle:
        return Throttle(**fields)


@dataclass(frozen=True)
class Policy:
    """All that `decide` works from, built once from the district (handlers.Plan)."""

    timezone: str
    calendar: WorkingCalendar
    channels: frozenset[str]  # the district's channel names
    quiet: QuietHours = field(default_factory=QuietHours)
    throttle: Throttle = field(default_factory=Throttle)
    digest: DigestPolicy = field(default_factory=DigestPolicy)


@dataclass(frozen=True)
class Decision:
    """How a message is written: on which chain, in which status, why, and when it is due."""

    chain: tuple[str, ...]
    status: str = "pending"  # or suppressed
    reason: str | None = None
    due_at: datetime | None = None  # suppressed and folded: the digest's time


Hold = Callable[[Session, Owed, datetime], Decision]


def at_once(session: Session, item: Owed, now: datetime) -> Decision:
    """No policy: the rule's chain, due now."""
    return Decision(item.rule.chain, due_at=now)


def decide(session: Session, item: Owed, now: datetime, policy: Policy) -> Decision:
    """The district's and the recipient's say on one message owed now."""
    chosen = preferences.of(session, item.recipient, item.rule.topic)
    chain = preferences.chain(chosen, item.rule.chain, policy.channels)
    if item.critical:
        return Decision(chain, due_at=now)
    if chosen is not None and chosen.opted_out:
        return Decision(chain, "suppressed", "opted out")
    if chosen is not None and chosen.digest:
        return _folded(chain, "digest", now, policy)
    if _throttled(session, item, now, policy.throttle):
        return _folded(chain, "throttle", now, policy)
    return Decision(chain, "pending", *_quiet(now, policy))


def _folded(chain: tuple[str, ...], reason: str, now: datetime, policy: Policy) -> Decision:
    slot = digests.next_slot(now, policy.digest, policy.calendar, policy.timezone)
    return Decision(chain, "suppressed", reason, slot)


def after_quiet_hours(policy: Policy) -> Callable[[datetime], datetime]:
    """`at`, or the end of the quiet hours it falls in: when a non-critical message tried again
    (a retry, the chain's next channel) may go."""

    def not_before(at: datetime) -> datetime:
        return _quiet(at, policy)[1]

    return not_before


def _quiet(now: datetime, policy: Policy) -> tuple[str | None, datetime]:
    ends = policy.quiet.until(now.astimezone(ZoneInfo(policy.timezone)))
    return ("quiet hours", ends.astimezone(UTC)) if ends else (None, now)


def _throttled(session: Session, item: Owed, now: datetime, throttle: Throttle) -> bool:
    """Whether the recipient has had `per_hour` messages of the topic in the last hour (those
    suppressed not counted: they never reached them)."""
    d = deliveries.c
    count = session.execute(
        select(func.count()).where(
            d.recipient == item.recipient,
            d.topic == item.rule.topic,
            d.created_at > now - HOUR,
            d.status != "suppressed",
        )
    ).scalar_one()
    return count >= throttle.per_hour
