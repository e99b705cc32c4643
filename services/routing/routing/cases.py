"""A case's row and clocks, to and from the lifecycle's plain values; what events say of it."""

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.district import District
from routing.clocks import LIGHTS, Pause
from routing.lifecycle import Answer, Case, Owner, Request
from routing.model import clocks, co_handlers, issues
from routing.sla import Schedule


def load(session: Session, issue_id: str) -> dict[str, Any] | None:
    """The case's row, locked for this unit of work where the database can lock rows."""
    query = select(issues).where(issues.c.id == issue_id).with_for_update()
    row = session.execute(query).mappings().first()
    return dict(row) if row is not None else None


def as_case(row: dict[str, Any]) -> Case:
    pending = row["pending"]
    return Case(
        status=row["status"],
        tier=row["tier"],
        owner=Owner(row["owner_kind"], row["owner_id"]),
        paused_since=as_utc(row["paused_since"]),
        pauses=tuple((_time(start), _time(end)) for start, end in row["pauses"]),
        pending=_request(pending) if pending else None,
        extensions=tuple(sorted((clock, float(s)) for clock, s in row["extensions"].items())),
        reopened=row["reopened"],
        category_class=row["category_class"],
    )


def case_values(case: Case) -> dict[str, Any]:
    """The columns the lifecycle owns."""
    return {
        "status": case.status,
        "tier": case.tier,
        "owner_kind": case.owner.kind,
        "owner_id": case.owner.id,
        "paused_since": case.paused_since,
        "pauses": [[start.isoformat(), end.isoformat()] for start, end in case.pauses],
        "pending": _request_json(case.pending) if case.pending else None,
        "extensions": dict(case.extensions),
        "reopened": case.reopened,
        "category_class": case.category_class,
    }


def pauses_of(case: Case) -> tuple[Pause, ...]:
    ended = tuple(Pause(start, end) for start, end in case.pauses)
    return ended + ((Pause(case.paused_since),) if case.paused_since else ())


def clock_rows(session: Session, issue_id: str) -> list[dict[str, Any]]:
    query = select(clocks).where(clocks.c.issue_id == issue_id).order_by(clocks.c.started_at)
    return [utc(dict(row)) for row in session.execute(query).mappings()]


def write_schedule(session: Session, issue_id: str, schedule: Schedule, **values: Any) -> None:
    session.execute(
        update(clocks)
        .where(clocks.c.issue_id == issue_id, clocks.c.name == schedule.clock)
        .values(**schedule_values(schedule), **values)
    )


def schedule_values(schedule: Schedule) -> dict[str, Any]:
    return {
        "calendar": schedule.calendar,
        "deadline": schedule.deadline,
        "yellow_at": schedule.yellow_at,
        "red_at": schedule.red_at,
        "unscheduled": schedule.unscheduled,
        "provisional": ",".join(schedule.provisional) or None,
        "calendar_version": schedule.calendar_version,
    }


def schedule_of(row: dict[str, Any]) -> Schedule:
    """The times a clock row holds."""
    return Schedule(row["name"], row["calendar"], row["deadline"], row["yellow_at"], row["red_at"])


def provisional_of(row: dict[str, Any]) -> list[str]:
    return row["provisional"].split(",") if row["provisional"] else []


def summary(rows: list[dict[str, Any]]) -> tuple[str | None, datetime | None]:
    """The case's light (the worst of its running clocks) and its nearest deadline."""
    running = [row for row in rows if row["stopped_at"] is None]
    light = max((row["light"] for row in running), key=LIGHTS.index, default=None)
    deadlines = [row["deadline"] for row in running if row["deadline"] is not None]
    return light, min(deadlines, default=None)


def announcement(
    session: Session,
    district: District,
    issue_id: str,
    clocks_read: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What every routing event says of the case as it now stands (`clocks_read`: its clock
    rows, when the caller has just read them)."""
    row = utc(dict(session.execute(select(issues).where(issues.c.id == issue_id)).mappings().one()))
    grid = district.grid(row["grid_code"]) if row["grid_code"] else None
    return {
        "issue_id": issue_id,
        "category": row["category"],
        "grid": {"code": grid.code, "name": grid.name} if grid else None,
        "tier": row["tier"],
        "owner": {"kind": row["owner_kind"], "id": row["owner_id"]},
        "status": row["status"],
        "light": row["light"],
        "assigned_at": row["assigned_at"].isoformat(),
        "paused": row["paused_since"] is not None,
        "clocks": clocks_json(
            clock_rows(session, issue_id) if clocks_read is None else clocks_read
        ),
        "co_handlers": co_handlers_json(session, issue_id),
    }


def clocks_json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "clock": row["name"],
            "calendar": row["calendar"],
            "light": row["light"],
            "started_at": iso(row["started_at"]),
            "stopped_at": iso(row["stopped_at"]),
            "deadline": iso(row["deadline"]),
            "yellow_at": iso(row["yellow_at"]),
            "red_at": iso(row["red_at"]),
        }
        | ({"unscheduled": row["unscheduled"]} if row["unscheduled"] else {})
        | ({"provisional": provisional_of(row)} if row["provisional"] else {})
        for row in rows
    ]


def co_handlers_json(session: Session, issue_id: str) -> list[dict[str, Any]]:
    query = select(co_handlers).where(co_handlers.c.issue_id == issue_id)
    return [
        {
            "owner": {"kind": row.owner_kind, "id": row.owner_id},
            "task": row.task,
            "done_at": iso(as_utc(row.done_at)),
        }
        for row in session.execute(query)
    ]


def owner_json(owner: Owner) -> dict[str, str]:
    return {"kind": owner.kind, "id": owner.id}


def answer_json(answer: Answer | None) -> dict[str, Any] | None:
    return {"text": answer.text, "photos": list(answer.photos)} if answer else None


def _request(data: dict[str, Any]) -> Request:
    return Request(
        kind=data["kind"],
        reason=data["reason"],
        requested_at=_time(data["requested_at"]),
        extension_s=data.get("extension_s", 0.0),
        clock=data.get("clock"),
    )


def _request_json(request: Request) -> dict[str, Any]:
    return {
        "kind": request.kind,
        "reason": request.reason,
        "requested_at": request.requested_at.isoformat(),
        "extension_s": request.extension_s,
        "clock": request.clock,
    }


def utc(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: as_utc(value) if isinstance(value, datetime) else value for key, value in row.items()
    }


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
