"""Intake's decisions: accept a report, learn its routing. Plain functions, no nameko; the
reads are in views.py."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import shapely
import structlog
from shapely.geometry.base import BaseGeometry
from sqlalchemy import insert, or_, update
from sqlalchemy.orm import Session

from gongzhi.contacts import reporter_ref
from gongzhi.district import District
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from gongzhi.retry import Rejected
from intake import answers, cases, contacts, geo, handback, rules
from intake.config import intake_of
from intake.events import REPORT_CORROBORATED, REPORT_SUBMITTED
from intake.model import reports

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Accepted:
    case_id: str
    merged: bool  # a co-report (附议) of an open case, not a new case
    follow_up_token: str | None = None  # the reporter's (followup.py), where one is answered


def submit_report(
    report: dict[str, Any],
    *,
    session: Session,
    outbox: Outbox,
    clock: Any,
    district: District,
    boundary: BaseGeometry,
    reporter_keys: contacts.ReporterKeys,
) -> Accepted:
    """Take a report from any channel: refuse it with every reason (rules.Refused), merge it
    into the open case it repeats, or open a case. Coordinates are WGS-84 by now. The
    reporter's contact goes to notify alone, sealed, with the report (contacts.share)."""
    located = report["lat"] is not None and report["long"] is not None
    inside = not located or boundary.covers(shapely.Point(report["long"], report["lat"]))
    attributes = rules.check(report, district, inside)
    now = clock.now()
    ref = reporter_ref(report.get("reporter_contact"), reporter_keys.pseudonym)
    case_id = cases.open_case_near(session, report, intake_of(district), now) if located else None
    if case_id is None:
        accepted = Accepted(_open_case(report, attributes, ref, now, session, outbox), False)
    else:
        accepted = _corroborate(report, case_id, ref, now, session, outbox)
    if ref is not None:
        reporter = contacts.Reporter(
            accepted.case_id, ref, report["reporter_contact"], co_report=accepted.merged
        )
        contacts.share(outbox, reporter, reporter_keys.contact)
    return accepted


def _corroborate(
    report: dict[str, Any],
    case_id: str,
    ref: str | None,
    now: datetime,
    session: Session,
    outbox: Outbox,
) -> Accepted:
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
    reporter_keys: contacts.ReporterKeys,
) -> None:
    """A report another system published on the bus: the same path as HTTP; one that breaks
    a rule is rejected, so it goes to the dead-letter queue with every reason. A platform's
    work order is kept with the case that takes it in, once (handback.py)."""
    data = event.data
    platform = _sending_platform(event, district)
    if platform and handback.holding(session, platform, data["work_order_id"]) is not None:
        log.info("work_order_taken_before", platform=platform, work_order_id=data["work_order_id"])
        return
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
        accepted = submit_report(
            report,
            session=session,
            outbox=outbox,
            clock=clock,
            district=district,
            boundary=boundary,
            reporter_keys=reporter_keys,
        )
    except rules.Refused as refused:
        raise Rejected(str(refused)) from refused
    if platform:
        order = {
            "platform": platform,
            "work_order_id": data["work_order_id"],
            "report_id": accepted.case_id,
            "received_at": clock.now(),
        }
        handback.take(session, outbox, district, order)


def _sending_platform(event: Event, district: District) -> str | None:
    """The platform whose work order `event` carries: the one the district names for its
    CloudEvents source. A work order from a source it does not name is rejected: its steps
    could not go back."""
    work_order_id = event.data.get("work_order_id")
    if not work_order_id:
        return None
    platform = intake_of(district).platform_sending(event.source)
    if platform is None:
        raise Rejected(
            f"work order {work_order_id!r} comes from source {event.source!r}, which no platform "
            "in the district's intake.platforms publishes as: its steps could not go back to it"
        )
    return platform.id


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


def record_routing(event: Event, *, session: Session, outbox: Outbox, district: District) -> None:
    """What routing says of the case: grid, owner, status and the reply deadline (Open311's
    expected_datetime), and any answer to the resident; each public step goes back to the
    platforms whose work orders the case holds. Events of one case may arrive out of order: an
    older one changes nothing of the case, but its answer and its step are kept all the same."""
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
    if data.get("answer"):
        answers.record(session, data["issue_id"], data["answer"], data["status"], at)
    handback.hand_back(session, outbox, district, data, _moment(reply.get("deadline")))


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
