"""One message a working day in place of many: a digest taker's warnings (preferences.py) and
what the throttle held back (holding.py) are written `suppressed` (reason `digest` or
`throttle`) and due at the next digest time; at that time `make_due` writes one digest per
recipient, rendered from the district's digest template, sent on the recipient's chain, and
links each message folded into it (`digest_id`).

    digest: {at: "08:30", kinds: [supervisor, department_head], topic: warnings,
             template: digest}
"""

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import marshmallow as ma
from sqlalchemy import insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from gongzhi import workdays
from gongzhi.clock import as_utc
from gongzhi.district.calendar import ClockTime
from gongzhi.envelope import Event
from notify.channels import Channel
from notify.directory import KINDS as DIRECTORY_KINDS
from notify.model import deliveries

FOLDED = ("digest", "throttle")  # the reasons of messages that wait for a digest
DIGEST_TYPE = "notify.digest.v1"  # on no bus: the type its template says it is for
SUBJECT = "digest"  # a digest's subject and topic: about no one case
KINDS = ("supervisor", "department_head")


@dataclass(frozen=True)
class DigestPolicy:
    at: time = time(8, 30)  # district time, on each working day
    kinds: tuple[str, ...] = KINDS  # the directory kinds that may take one
    topic: str = "warnings"  # the topic they may take as a digest
    template: str = "digest"  # the district's message file


class DigestSchema(ma.Schema):
    at = ClockTime(load_default=time(8, 30))
    kinds = ma.fields.List(ma.fields.String(), load_default=lambda: list(KINDS))
    topic = ma.fields.String(load_default="warnings")
    template = ma.fields.String(load_default="digest", validate=ma.validate.Length(min=1))

    @ma.validates("kinds")
    def _known_kinds(self, value: list[str], **_: Any) -> None:
        unknown = [kind for kind in value if kind not in DIRECTORY_KINDS]
        if unknown:
            raise ma.ValidationError(f"not a kind of the directory: {', '.join(unknown)}")

    @ma.post_load
    def _digest(self, fields: dict[str, Any], **_: Any) -> DigestPolicy:
        return DigestPolicy(**{**fields, "kinds": tuple(fields["kinds"])})


def next_slot(
    now: datetime, policy: DigestPolicy, calendar: workdays.WorkingCalendar, timezone: str
) -> datetime:
    """The first digest time after `now` (UTC): `policy.at` on a working day, district time."""
    zone = ZoneInfo(timezone)
    day = now.astimezone(zone).date()
    while True:
        slot = datetime.combine(day, policy.at, tzinfo=zone)
        if slot > now and _working(calendar, day):
            return slot.astimezone(UTC)
        day += timedelta(days=1)


def _working(calendar: workdays.WorkingCalendar, day: date) -> bool:
    """A year the calendar cannot know still gets its digests, on weekdays: a late digest
    would hide warnings, where a deadline reckoned wrong would be worse than none."""
    try:
        return calendar.is_working_day(day)
    except workdays.UnknownYear:
        return day.weekday() < 5


# (recipient, variant, the messages folded) -> title, body
Render = Callable[[str, str, Sequence[RowMapping]], tuple[str, str]]


@dataclass(frozen=True)
class Writer:
    """How digests are written: the template's name, the district's channels, the renderer."""

    template: str
    channels: Mapping[str, Channel]
    render: Render


def make_due(session: Session, now: datetime, writer: Writer) -> int:
    """One digest, pending and due now, for each recipient whose folded messages are due;
    each message linked to it. Returns how many digests were written."""
    by_recipient: dict[str, list[RowMapping]] = {}
    for row in _due(session, now):
        by_recipient.setdefault(row["recipient"], []).append(row)
    for recipient, folded in by_recipient.items():
        digest_id = _write(session, recipient, folded, writer, now)
        ids = [row["id"] for row in folded]
        session.execute(
            update(deliveries)
            .where(deliveries.c.id.in_(ids))
            .values(digest_id=digest_id, due_at=None, updated_at=now)
        )
    return len(by_recipient)


def _due(session: Session, now: datetime) -> list[RowMapping]:
    d = deliveries.c
    return list(
        session.execute(
            select(deliveries)
            .where(
                d.status == "suppressed",
                d.reason.in_(FOLDED),
                d.digest_id.is_(None),
                d.due_at <= now,
            )
            .order_by(d.recipient, d.id)
        ).mappings()
    )


def _write(
    session: Session, recipient: str, folded: list[RowMapping], writer: Writer, now: datetime
) -> int:
    """The digest on the chain of the latest message folded into it (the recipient's)."""
    channels = writer.channels
    chain = [name for name in folded[-1]["chain"] if name in channels] or list(channels)[:1]
    rendered = {}
    for variant in {channels[name].variant for name in chain}:
        title, body = writer.render(recipient, variant, folded)
        rendered[variant] = {"title": title, "body": body}
    row = {
        "subject": SUBJECT,
        "recipient": recipient,
        "channel": chain[0],
        "template": writer.template,
        "body": rendered[channels[chain[0]].variant]["body"],
        "status": "pending",
        "event_id": _digest_id(recipient, folded, now),
        "created_at": now,
        "topic": SUBJECT,
        "chain": chain,
        "rendered": rendered,
        "due_at": now,
        "event_time": now,
        "updated_at": now,
    }
    written = session.execute(insert(deliveries).values(row).returning(deliveries.c.id))
    return int(written.scalar_one())


def _digest_id(recipient: str, folded: list[RowMapping], now: datetime) -> str:
    """The digest's own id in place of an event's: one per recipient and time."""
    who = hashlib.sha256(recipient.encode()).hexdigest()[:16]
    return f"digest-{now:%Y%m%dT%H%M%S}-{who}"


def title_of(message: RowMapping) -> str:
    """What a folded message was about, in a line: its title in any variant that has one."""
    titles = [v["title"] for v in message["rendered"].values() if v.get("title")]
    return titles[0] if titles else message["template"]


def as_event(folded: Sequence[RowMapping], district: str, now: datetime) -> Event:
    """The digest as the event its template is rendered for (wording.context): `data.count`
    and `data.messages`, each with its title, case number and time (ISO, for `| when`)."""
    messages = [
        {
            "title": title_of(m),
            "case_number": m["subject"],
            "at": (as_utc(m["created_at"]) or now).isoformat(),
            "why": m["reason"],
        }
        for m in folded
    ]
    return Event(
        type=DIGEST_TYPE,
        source=f"/gongzhi/{district}/notify",
        data={"count": len(messages), "messages": messages},
        district=district,
        correlationid=f"digest-{now:%Y%m%dT%H%M%S}",
        time=now,
        subject=SUBJECT,
    )
