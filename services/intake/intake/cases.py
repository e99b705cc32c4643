"""Same matter, one case (附议): a report near an open case of its category, soon after it,
joins that case instead of opening another."""

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from intake.config import Intake
from intake.geo import distance_m
from intake.model import co_reports, reports

# Routing's statuses as intake learns them; to a resident a resolved case is closed.
OPEN = ("submitted", "assigned", "accepted", "in_progress", "replied")
CLOSED = ("resolved", "closed")
METRES_PER_DEGREE = 111_320.0


def open_case_near(
    session: Session, report: dict[str, Any], settings: Intake, now: datetime
) -> str | None:
    """The nearest open case of the same category within the radius and the window."""
    radius = settings.merge_radius_m
    if radius <= 0 or settings.merge_window_minutes <= 0:
        return None
    lat, long = report["lat"], report["long"]
    dlat = radius / METRES_PER_DEGREE
    dlong = dlat / max(0.01, math.cos(math.radians(lat)))
    rows = session.execute(
        select(reports.c.id, reports.c.latitude, reports.c.longitude).where(
            reports.c.category == report["category"],
            reports.c.status.in_(OPEN),
            reports.c.submitted_at >= now - timedelta(minutes=settings.merge_window_minutes),
            reports.c.latitude.between(lat - dlat, lat + dlat),
            reports.c.longitude.between(long - dlong, long + dlong),
        )
    ).all()
    near = [(distance_m((lat, long), (r.latitude, r.longitude)), r.id) for r in rows]
    within = [pair for pair in near if pair[0] <= radius]
    return min(within)[1] if within else None


def corroborate(
    session: Session, case_id: str, report: dict[str, Any], ref: str | None, now: datetime
) -> int:
    """Add the reporter to the case; the case's new count of co-reports."""
    session.execute(
        insert(co_reports).values(
            case_id=case_id,
            reporter_contact=report.get("reporter_contact"),
            reporter_ref=ref,
            channel=report["channel"],
            description=report.get("description") or "",
            submitted_at=now,
        )
    )
    session.execute(
        update(reports)
        .where(reports.c.id == case_id)
        .values(co_reports=reports.c.co_reports + 1, updated_at=now)
    )
    return session.execute(select(reports.c.co_reports).where(reports.c.id == case_id)).scalar_one()
