"""What intake's read API shows: reports (the native list, Open311's search, one report), their
updates, and the repeat-report rate. Plain functions over the session; they write nothing.
`full_view` is access.Caller's: without it a hidden report or update is left out (moderation)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from intake import answers
from intake.cases import CLOSED
from intake.model import co_reports, report_updates, reports


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
    visible: tuple[str, ...] | None = None  # only these categories (the public view); None: all


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
    visible: tuple[str, ...] | None = None  # only these categories (the public view); None: all


def list_reports(session: Session, page: ReportPage, full_view: bool) -> list[dict[str, Any]]:
    c = reports.c
    statement = select(reports).order_by(c.submitted_at.desc(), c.id.desc()).limit(page.limit)
    statement = _shown(statement, reports, full_view)
    for column, wanted in (
        (c.status, page.statuses),
        (c.category, page.categories),
        (c.grid_code, page.grids),
        (c.channel, page.channels),
    ):
        if wanted:
            statement = statement.where(column.in_(wanted))
    statement = _visible(statement, page.visible)
    if page.since:
        statement = statement.where(c.submitted_at >= page.since)
    if page.until:
        statement = statement.where(c.submitted_at < page.until)
    if page.after:
        at, last_id = page.after
        statement = statement.where(
            (c.submitted_at < at) | ((c.submitted_at == at) & (c.id < last_id))
        )
    return _answered(session, _rows(session, statement))


def search_reports(session: Session, query: ReportQuery, full_view: bool) -> list[dict[str, Any]]:
    statement = select(reports).order_by(reports.c.submitted_at.desc(), reports.c.id)
    statement = _visible(statement, query.visible)
    statement = _shown(statement, reports, full_view)
    if query.ids:
        statement = statement.where(reports.c.id.in_(query.ids))
    else:
        statement = _filtered(statement, query).limit(query.limit).offset(query.offset)
    return _answered(session, _rows(session, statement))


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


def _visible(statement, categories: tuple[str, ...] | None):
    return statement if categories is None else statement.where(reports.c.category.in_(categories))


def find_report(session: Session, report_id: str, full_view: bool) -> dict[str, Any] | None:
    statement = _shown(select(reports).where(reports.c.id == report_id), reports, full_view)
    found = _answered(session, _rows(session, statement))
    return found[0] if found else None


def _answered(session: Session, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reports, each with its latest answer to the resident (none before the first)."""
    latest = answers.latest(session, [report["id"] for report in found])
    return [{**report, "answer": latest.get(report["id"])} for report in found]


def _rows(session: Session, statement) -> list[dict[str, Any]]:
    return [_readable(dict(row)) for row in session.execute(statement).mappings()]


def _shown(statement, table, full_view: bool):
    """The statement as the caller may see: without the full view, nothing hidden."""
    return statement if full_view else statement.where(table.c.hidden_at.is_(None))


def _hiding(found: dict[str, Any]) -> dict[str, Any] | None:
    if found["hidden_at"] is None:
        return None
    at = as_utc(found["hidden_at"])
    return {"reason": found["hidden_reason"], "by": found["hidden_by"], "at": at}


def _readable(found: dict[str, Any]) -> dict[str, Any]:
    for key in ("submitted_at", "updated_at", "assigned_at", "expected_at", "routed_at"):
        found[key] = as_utc(found[key])
    found["hidden"] = _hiding(found)
    found["lat"], found["long"] = found["latitude"], found["longitude"]
    found["routing"] = None
    if found["owner_id"]:
        keys: tuple[str, ...] = ("grid_code", "grid_name", "tier", "owner_kind", "owner_id")
        keys += ("assigned_at", "expected_at")
        found["routing"] = {key: found[key] for key in keys}
    return found


def updates_of(session: Session, report_id: str, full_view: bool) -> list[dict[str, Any]]:
    """A report's updates, oldest first; none of a report hidden from the caller."""
    statement = select(report_updates).join(reports)
    return _updates(session, statement.where(report_updates.c.report_id == report_id), full_view)


def updates_between(session: Session, query: ReportQuery, full_view: bool) -> list[dict[str, Any]]:
    """For Open311's servicerequestupdates poll: every update in the window, oldest first, of
    the reports in `query.visible` categories; an answer with the status it came with, any
    other with the report's status now."""
    statement = (
        select(report_updates, reports.c.status.label("report_status"))
        .join(reports)
        .where(report_updates.c.created_at.between(query.start, query.end))
        .limit(query.limit)
    )
    return _updates(session, _visible(statement, query.visible), full_view)


def _updates(session: Session, statement, full_view: bool) -> list[dict[str, Any]]:
    """Updates by their time (an answer's is routing's, however late it arrived)."""
    statement = _shown(_shown(statement, reports, full_view), report_updates, full_view)
    order = (report_updates.c.created_at, report_updates.c.id)
    return [_update(dict(row)) for row in session.execute(statement.order_by(*order)).mappings()]


def _update(row: dict[str, Any]) -> dict[str, Any]:
    photo = [row["media_url"]] if row["media_url"] else []
    return row | {
        "created_at": as_utc(row["created_at"]),
        "status": row["status"] or row.get("report_status"),
        "photos": row["photos"] or photo,
        "hidden": _hiding(row),
    }


def repeat_stats(session: Session, since: datetime, until: datetime) -> dict[str, Any]:
    """How often residents report again what is already reported (Nantong: 12.5 % → 2.3 %)."""
    new = session.execute(
        select(func.count())
        .select_from(reports)
        .where(reports.c.submitted_at.between(since, until))
    ).scalar_one()
    again = session.execute(
        select(func.count())
        .select_from(co_reports)
        .where(co_reports.c.submitted_at.between(since, until))
    ).scalar_one()
    total = new + again
    return {
        "since": since,
        "until": until,
        "reports": total,
        "cases": new,
        "co_reports": again,
        "repeat_rate": round(again / total, 4) if total else 0.0,
    }
