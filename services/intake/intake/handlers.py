"""Intake's decisions: accept a report, learn its routing. Plain functions, no nameko."""

import hashlib
import hmac
import re
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.district import District
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from intake.events import REPORT_SUBMITTED
from intake.model import reports


class UnknownCategory(ValueError):
    pass


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
    pseudonym_key: bytes,
) -> str:
    if report["category"] not in district.categories:
        raise UnknownCategory(report["category"])
    report_id = str(uuid.uuid4())
    now = clock.now()
    ref = reporter_ref(report.get("reporter_contact"), pseudonym_key)
    session.execute(
        insert(reports).values(
            id=report_id,
            category=report["category"],
            latitude=report["lat"],
            longitude=report["long"],
            description=report["description"],
            channel=report["channel"],
            reporter_contact=report.get("reporter_contact"),
            reporter_ref=ref,
            status="submitted",
            submitted_at=now,
        )
    )
    outbox.add(
        REPORT_SUBMITTED,
        {
            "report_id": report_id,
            "category": report["category"],
            "location": {"lat": report["lat"], "long": report["long"]},
            "description": report["description"],
            "channel": report["channel"],
            "reporter_ref": ref,
            "submitted_at": now.isoformat(),
        },
        subject=report_id,
    )
    return report_id


def record_assignment(event: Event, *, session: Session, outbox: Outbox) -> None:
    data = event.data
    grid = data.get("grid") or {}
    session.execute(
        update(reports)
        .where(reports.c.id == data["issue_id"])
        .values(
            status="assigned",
            grid_code=grid.get("code"),
            grid_name=grid.get("name"),
            tier=data["tier"],
            owner_kind=data["owner"]["kind"],
            owner_id=data["owner"]["id"],
            assigned_at=datetime.fromisoformat(data["assigned_at"]),
        )
    )


def find_report(session: Session, report_id: str) -> dict[str, Any] | None:
    row = session.execute(select(reports).where(reports.c.id == report_id)).mappings().first()
    if row is None:
        return None
    found = dict(row)
    found["submitted_at"] = as_utc(found["submitted_at"])
    found["routing"] = None
    if found["owner_id"]:
        found["routing"] = {
            key: found[key] for key in ("grid_code", "grid_name", "tier", "owner_kind", "owner_id")
        }
        found["routing"]["assigned_at"] = as_utc(found["assigned_at"])
    return found
