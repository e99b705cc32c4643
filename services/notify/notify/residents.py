"""Residents' contacts: how to reach a case's reporter and co-reporters, as intake sealed them
for notify (`intake.contact.shared.v1`, Fernet under GONGZHI_CONTACT_KEY). Kept sealed as
received, opened only in `contacts_of` at send time, and purged `purge_after_days` after
routing closes the case (a reopening keeps them again). Each message to a resident carries a
link to their preferences (links.py), to notify's API as residents reach it (`public_url`, or
the district's own page for it, `preferences_page`), good for `link_days`:

    notify:
      residents:
        purge_after_days: 30
        public_url: https://gongzhi.xiguan.gov.cn/notify   # required where rules tell residents
        preferences_page: https://app.xiguan.gov.cn/notices  # optional: given ?token=...
        link_days: 90
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import marshmallow as ma
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.contacts import unseal
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from notify.model import contact_purges, deliveries, resident_contacts

CLOSED = "closed"


@dataclass(frozen=True)
class ResidentsPolicy:
    purge_after_days: int = 30
    public_url: str | None = None  # notify's API as residents reach it
    preferences_page: str | None = None  # the district's page for their preferences
    link_days: int = 90


WEB = {"http", "https"}


class ResidentsSchema(ma.Schema):
    purge_after_days = ma.fields.Integer(load_default=30, validate=ma.validate.Range(min=0))
    public_url = ma.fields.Url(schemes=WEB, require_tld=False, load_default=None)
    preferences_page = ma.fields.Url(schemes=WEB, require_tld=False, load_default=None)
    link_days = ma.fields.Integer(
        strict=True, load_default=90, validate=ma.validate.Range(min=1, max=3650)
    )

    @ma.post_load
    def _policy(self, fields: dict[str, Any], **_: Any) -> ResidentsPolicy:
        return ResidentsPolicy(**fields)


@dataclass(frozen=True)
class ResidentContact:
    ref: str  # the reporter's keyed pseudonym (intake's reporter_ref)
    address: str  # "phone" or "email"
    value: str  # in clear: only ever in memory, at send time
    co_report: bool


def keep_contact(event: Event, *, session: Session, outbox: Outbox) -> None:
    """intake.contact.shared.v1: keep the sealed contact as it came. The first for a reporter
    of a case stands (a reporter who joins their own case again is the same reporter)."""
    data = event.data
    key = (resident_contacts.c.report_id == data["report_id"]) & (
        resident_contacts.c.ref == data["reporter_ref"]
    )
    if session.execute(select(resident_contacts.c.ref).where(key)).first() is not None:
        return
    session.execute(
        insert(resident_contacts).values(
            report_id=data["report_id"],
            ref=data["reporter_ref"],
            address=data["address"],
            co_report=data["co_report"],
            token=data["contact"],
            received_at=event.time.astimezone(UTC),
        )
    )


def track_case(event: Event, *, session: Session, outbox: Outbox, policy: ResidentsPolicy) -> None:
    """routing.issue.transitioned.v1: a case that closes gets its purge date, one that moves
    on from closed (reopened) loses it. A step older than one applied changes nothing: events
    of a case may arrive out of order."""
    data = event.data
    at = datetime.fromisoformat(data["at"]).astimezone(UTC)
    purge_at = at + timedelta(days=policy.purge_after_days) if data["status"] == CLOSED else None
    row = {"status_at": at, "purge_at": purge_at}
    case = contact_purges.c.report_id == data["issue_id"]
    applied = as_utc(session.execute(select(contact_purges.c.status_at).where(case)).scalar())
    if applied is None:
        session.execute(insert(contact_purges).values(report_id=data["issue_id"], **row))
    elif applied <= at:
        session.execute(update(contact_purges).where(case).values(**row))


def purge_due(session: Session, now: datetime) -> int:
    """Delete the contacts of every case whose purge date has come, and the own values its
    messages still keep sealed (own.py); how many contacts went."""
    due = select(contact_purges.c.report_id).where(contact_purges.c.purge_at <= now.astimezone(UTC))
    purged = session.execute(
        delete(resident_contacts).where(resident_contacts.c.report_id.in_(due))
    )
    kept = deliveries.c.subject.in_(due) & deliveries.c.own.is_not(None)
    session.execute(update(deliveries).where(kept).values(own=None))
    return purged.rowcount  # type: ignore[attr-defined]


def contacts_of(session: Session, report_id: str, key: bytes) -> list[ResidentContact]:
    """The case's reporter and co-reporters, opened with `key`, reporter first. WrongKey
    (gongzhi.contacts) when `key` is not the one intake sealed them with."""
    rows = session.execute(
        select(resident_contacts)
        .where(resident_contacts.c.report_id == report_id)
        .order_by(resident_contacts.c.co_report, resident_contacts.c.received_at)
    ).mappings()
    return [
        ResidentContact(row["ref"], row["address"], unseal(row["token"], key), row["co_report"])
        for row in rows
    ]


def address_of(session: Session, ref: str) -> str | None:
    """The kind of contact ("phone", "email") notify holds for the resident, nothing opened;
    None once every case of theirs has been purged."""
    found = select(resident_contacts.c.address).where(resident_contacts.c.ref == ref)
    return session.execute(found.order_by(resident_contacts.c.received_at.desc())).scalar()


def refs_of(session: Session, report_id: str) -> dict[str, list[str]]:
    """The case's residents by their keyed pseudonyms, nothing opened: {"reporter": [...],
    "co_reporters": [...]}."""
    rows = session.execute(
        select(resident_contacts.c.ref, resident_contacts.c.co_report)
        .where(resident_contacts.c.report_id == report_id)
        .order_by(resident_contacts.c.ref)
    )
    found: dict[str, list[str]] = {"reporter": [], "co_reporters": []}
    for ref, co_report in rows:
        found["co_reporters" if co_report else "reporter"].append(ref)
    return found
