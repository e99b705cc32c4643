"""Intake's decisions: accept a report, learn its routing. Plain functions, no nameko."""

import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.district import District
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from gongzhi.retry import Rejected
from intake import cases, geo, rules
from intake.cases import CLOSED
from intake.events import REPORT_CORROBORATED, REPORT_SUBMITTED
from intake.model import reports


@dataclass(frozen=True)
class Accepted:
    case_id: str
    merged: bool  # a co-report (附议) of an open case, not a new case


def reporter_ref(contact: str | None, key: bytes) -> str | None:
    """A keyed pseudonym: the same reporter gets the same reference, nobody can reverse it."""
    if not contact:
        return None
    return hmac.new(key, _normalised(contact).encode(), hashlib.sha256).hexdigest()[:32]


def _normalised(contact: str) -> str:
    """One spelling per reporter: "+86 138-0013-8000" and "13800138000" are the same phone."""
    digits = re.sub(r"[\s()+\-]", "", contact)
    if digits.isdigit():
        return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits
    return "".join(contact.split()).lower()


def submit_report(
    report: dict[str, Any],
    *,
    session: Session,
    outbox: Outbox,
    clock: Any,
    district: District,
    boundary: BaseGeometry,
    pseudonym_key: bytes,
) -> Accepted:
    """Take a report from any channel: refuse it with every reason (rules.Refused), merge it
    into the open case it repeats, or open a case. Coordinates are WGS-84 by now."""
    located = report["lat"] is not None and report["long"] is not None
    inside = not located or boundary.covers(shapely.Point(report["long"], report["lat"]))
    attributes = rules.check(report, district, inside)
    now = clock.now()
    ref = reporter_ref(report.get("reporter_contact"), pseudonym_key)
    case_id = cases.open_case_near(session, report, district.intake, now) if located else None
    if case_id is None:
        return Accepted(_open_case(report, attributes, ref, now, session, outbox), merged=False)
    count = cases.corroborate(session, case_id, report, ref, now)
    outbox.add(
        REPORT_CORROBORATED,
        {
            "report_id": case_id,
            "category": report["category"],
            "reporter_ref": ref,
            "channel": report["channel"],
            "co_reports": count,
            "submitted_at": now.isoformat(),
        },
        subject=case_id,
    )
    return Accepted(case_id, merged=True)


def accept_requested(
    event: Event,
    *,
    session: Session,
    outbox: Outbox,
    clock: Any,
    district: District,
    boundary: BaseGeometry,
    pseudonym_key: bytes,
) -> None:
    """A report another system published on the bus: the same path as HTTP; one that breaks
    a rule is rejected, so it goes to the dead-letter queue with every reason."""
    data = event.data
    lat, long = geo.to_wgs84(
        data["location"]["lat"], data["location"]["long"], data.get("coordinate_system") or "wgs84"
    )
    keys_ = (
        "category",
        "description",
        "address_string",
        "attributes",
        "media_url",
        "channel",
        "reporter_contact",
    )
    report = {**{key: data.get(key) for key in keys_}, "lat": lat, "long": long}
    try:
        submit_report(
            report,
            session=session,
            outbox=outbox,
            clock=clock,
            district=district,
            boundary=boundary,
            pseudonym_key=pseudonym_key,
        )
    except rules.Refused as refused:
        raise Rejected(str(refused)) from refused


def _open_case(
    report: dict[str, Any],
    attributes: dict[str, Any],
    ref: str | None,
    now: datetime,
    session: Session,
    outbox: Outbox,
) -> str:
    located = report["lat"] is not None
    report_id = str(uuid.uuid4())
    session.execute(
        insert(reports).values(
            id=report_id,
            category=report["category"],
            latitude=report["lat"],
            longitude=report["long"],
            description=report.get("description") or "",
            channel=report["channel"],
            reporter_contact=report.get("reporter_contact"),
            reporter_ref=ref,
            status="submitted",
            submitted_at=now,
            updated_at=now,
            address_string=report.get("address_string"),
            attributes=attributes,
            media_url=report.get("media_url"),
            co_reports=0,
            on_behalf_of=report.get("on_behalf_of"),
        )
    )
    outbox.add(
        REPORT_SUBMITTED,
        {
            "report_id": report_id,
            "category": report["category"],
            "location": {"lat": report["lat"], "long": report["long"]} if located else None,
            "address_string": report.get("address_string"),
            "description": report.get("description") or "",
            "channel": report["channel"],
            "reporter_ref": ref,
            "submitted_at": now.isoformat(),
        },
        subject=report_id,
    )
    return report_id


def record_routing(event: Event, *, session: Session, outbox: Outbox) -> None:
    """What routing says of the case: grid, owner, status and the reply deadline (Open311's
    expected_datetime). Events of one case may arrive out of order; an older one is ignored."""
    data = event.data
    at = datetime.fromisoformat(data["at"])
    grid = data.get("grid") or {}
    reply: dict[str, Any] = next((c for c in data["clocks"] if c["clock"] == "reply"), {})
    newer = or_(reports.c.routed_at.is_(None), reports.c.routed_at <= at)
    session.execute(
        update(reports)
        .where(reports.c.id == data["issue_id"], newer)
        .values(
            status=data["status"],
            grid_code=grid.get("code"),
            grid_name=grid.get("name"),
            tier=data["tier"],
            owner_kind=data["owner"]["kind"],
            owner_id=data["owner"]["id"],
            assigned_at=datetime.fromisoformat(data["assigned_at"]),
            expected_at=_moment(reply.get("deadline")),
            routed_at=at,
            updated_at=at,
        )
    )


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class ReportQuery:
    """Open311's filters: `ids` override all the others."""

    start: datetime
    end: datetime
    ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # open, closed
    limit: int = 1000
    offset: int = 0


@dataclass(frozen=True)
class ReportPage:
    """The native API's list: filters and a keyset cursor (newest first)."""

    statuses: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    grids: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    after: tuple[datetime, str] | None = None  # (submitted_at, id) of the last one seen
    limit: int = 50


def list_reports(session: Session, page: ReportPage) -> list[dict[str, Any]]:
    c = reports.c
    statement = select(reports).order_by(c.submitted_at.desc(), c.id.desc()).limit(page.limit)
    for column, wanted in (
        (c.status, page.statuses),
        (c.category, page.categories),
        (c.grid_code, page.grids),
        (c.channel, page.channels),
    ):
        if wanted:
            statement = statement.where(column.in_(wanted))
    if page.since:
        statement = statement.where(c.submitted_at >= page.since)
    if page.until:
        statement = statement.where(c.submitted_at < page.until)
    if page.after:
        at, last_id = page.after
        statement = statement.where(
            (c.submitted_at < at) | ((c.submitted_at == at) & (c.id < last_id))
        )
    return [_readable(dict(row)) for row in session.execute(statement).mappings()]


def search_reports(session: Session, query: ReportQuery) -> list[dict[str, Any]]:
    statement = select(reports).order_by(reports.c.submitted_at.desc(), reports.c.id)
    if query.ids:
        statement = statement.where(reports.c.id.in_(query.ids))
    else:
        statement = _filtered(statement, query).limit(query.limit).offset(query.offset)
    return [_readable(dict(row)) for row in session.execute(statement).mappings()]


def _filtered(statement, query: ReportQuery):
    statement = statement.where(reports.c.submitted_at.between(query.start, query.end))
    if query.categories:
        statement = statement.where(reports.c.category.in_(query.categories))
    wanted = set(query.statuses)
    if wanted == {"open"}:
        statement = statement.where(reports.c.status.not_in(CLOSED))
    elif wanted == {"closed"}:
        statement = statement.where(reports.c.status.in_(CLOSED))
    return statement


def find_report(session: Session, report_id: str) -> dict[str, Any] | None:
    row = session.execute(select(reports).where(reports.c.id == report_id)).mappings().first()
    return None if row is None else _readable(dict(row))


def _readable(found: dict[str, Any]) -> dict[str, Any]:
    for key in ("submitted_at", "updated_at", "assigned_at", "expected_at", "routed_at"):
        found[key] = as_utc(found[key])
    found["lat"], found["long"] = found["latitude"], found["longitude"]
    found["routing"] = None
    if found["owner_id"]:
        keys: tuple[str, ...] = ("grid_code", "grid_name", "tier", "owner_kind", "owner_id")
        keys += ("assigned_at", "expected_at")
        found["routing"] = {key: found[key] for key in keys}
    return found
