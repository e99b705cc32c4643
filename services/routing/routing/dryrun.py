"""`gongzhi route`: what routing would decide for one report, from the district folder alone.
No database, no broker: how ops try a policy before they ship it. The live handler makes the
same decisions with the same functions (assign.decide, sla.schedule_all)."""

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from gongzhi.district import load_district
from routing import assign, sla
from routing.config import routing_of
from routing.model import GridIndex


class DryRunRefused(ValueError):
    """The report could not be routed as given; the message says why."""


def dry_run(folder: str | Path, category: str, lat: float, long: float, at: str) -> dict[str, Any]:
    district = load_district(folder)
    if category not in district.categories:
        known = ", ".join(sorted(district.categories))
        raise DryRunRefused(f"unknown category {category!r}; this district has: {known}")
    zone = ZoneInfo(district.timezone)
    reported_at = _moment(at, zone)
    nearest_grid_m = routing_of(district).nearest_grid_m
    index = GridIndex.build(district.leaf_grids(), nearest_within_m=nearest_grid_m)
    decision = assign.decide(district, index, category, (long, lat))
    calendar = sla.working_calendar(district.calendar)
    category_class = district.category(category).category_class
    schedules = sla.schedule_all(district, calendar, reported_at, category_class=category_class)
    for schedule in schedules.values():
        if schedule.unscheduled:
            raise DryRunRefused(
                f"cannot schedule the {schedule.clock} clock: {schedule.unscheduled}"
            )
    return {
        "grid": _grid(decision),
        "tier": decision.tier,
        "owner": {"kind": decision.owner.kind, "id": decision.owner.id},
        "co_handlers": [
            {"owner": {"kind": o.kind, "id": o.id}, "task": task}
            for o, task in decision.co_handlers
        ],
        "category_class": category_class,
        "reported_at": reported_at.isoformat(),
        "clocks": {name: _clock(s, zone) for name, s in schedules.items()},
    }


def _moment(text: str, zone: ZoneInfo) -> datetime:
    """ISO 8601; a time without an offset is the district's local time."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise DryRunRefused(f"--at {text!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _grid(decision: assign.Decision) -> dict[str, Any] | None:
    if decision.grid is None:
        return None
    return {"code": decision.grid.code, "name": decision.grid.name, "placed": decision.placed}


def _clock(schedule: sla.Schedule, zone: ZoneInfo) -> dict[str, Any]:
    def local(moment: datetime | None) -> str | None:
        return moment.astimezone(zone).isoformat() if moment else None

    return {
        "deadline": local(schedule.deadline),
        "yellow_at": local(schedule.yellow_at),
        "red_at": local(schedule.red_at),
        "calendar": schedule.calendar,
    } | ({"provisional": list(schedule.provisional)} if schedule.provisional else {})
