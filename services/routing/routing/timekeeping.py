"""Keeping a case's clocks: start them, stop them, restart them, move them for pauses,
extensions and a new class. A light is never made worse here: turning a light yellow or red,
with its event and its escalation, is the sweeper's job alone."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from gongzhi.district import District
from gongzhi.workdays import WorkingCalendar
from routing import cases, lifecycle, sla
from routing.clocks import LIGHTS
from routing.config import CLOCKS, routing_of, sla_of
from routing.model import clocks

MOVES = ("transfer", "escalate", "return")  # the actions that give the case a new owner


def start(
    session: Session,
    district: District,
    calendar: WorkingCalendar,
    issue_id: str,
    category_class: str,
    started_at: datetime,
) -> None:
    schedules = sla.schedule_all(district, calendar, started_at, category_class=category_class)
    for name, schedule in schedules.items():
        warn_at, warn_of = sla.warning(schedule, "green", started_at, warn_before(district))
        session.execute(
            insert(clocks).values(
                issue_id=issue_id,
                name=name,
                started_at=started_at,
                light="green",
                warn_at=warn_at,
                warn_of=warn_of,
                **cases.schedule_values(schedule),
            )
        )


def retime(
    session: Session,
    district: District,
    calendar: WorkingCalendar,
    issue_id: str,
    case: lifecycle.Case,
    action: lifecycle.Action,
) -> None:
    """After `action`: stop the clocks the new status stops, restart those the policy
    restarts, and move the rest for pauses, extensions and the case's class."""
    restart = restarts(district, action.name, action.actor)
    resume = resumes(district, action.name, action.actor)
    for row in cases.clock_rows(session, issue_id):
        if row["name"] in restart:
            fresh = {**row, "started_at": action.at, "stopped_at": None, "light": "green"}
            reschedule(session, district, calendar, case, fresh, action.at)
        elif row["name"] in resume:
            reschedule(session, district, calendar, case, {**row, "stopped_at": None}, action.at)
        elif row["stopped_at"] is None and sla.stops(row["name"], case.status):
            # Its final light, honestly: a reply a minute late is late, swept or not.
            times = schedule(district, calendar, case, row)
            _stop(
                session,
                issue_id,
                row["name"],
                action.at,
                sla.light_at(times, action.at, row["light"]),
            )
        elif row["stopped_at"] is None:
            reschedule(session, district, calendar, case, row, action.at)


def restarts(district: District, action: str, actor: str = lifecycle.SUPERVISOR) -> tuple[str, ...]:
    """The clocks `action` starts again: reopening restarts the resolution clock (unless the
    system reopens on a rating and the district's `on_unsatisfied` continues it); a move
    restarts all three where the district's policy says so (`on_transfer`, `on_escalation`)."""
    policy = routing_of(district)
    if action == "reopen":
        continued = actor == lifecycle.SYSTEM and policy.on_unsatisfied == "continue"
        return () if continued else ("resolution",)
    rule = policy.on_transfer if action == "transfer" else policy.on_escalation
    return CLOCKS if action in MOVES and rule == "restart" else ()


def resumes(district: District, action: str, actor: str) -> tuple[str, ...]:
    """The stopped clocks `action` runs on from their first start: the resolution clock of a
    case the system reopens on a rating where the district's `on_unsatisfied` continues it."""
    if action == "reopen" and actor == lifecycle.SYSTEM:
        return ("resolution",) if not restarts(district, action, actor) else ()
    return ()


def reschedule(
    session: Session,
    district: District,
    calendar: WorkingCalendar,
    case: lifecycle.Case,
    row: dict[str, Any],
    at: datetime,
) -> sla.Schedule:
    """Work the clock's times out again and write them, with its next warning."""
    times = schedule(district, calendar, case, row)
    light = _kept(sla.light_at(times, at, row["light"]), row["light"])
    warn_at, warn_of = sla.warning(times, light, row["started_at"], warn_before(district))
    values = {"started_at": row["started_at"], "stopped_at": None, "light": light}
    cases.write_schedule(
        session, row["issue_id"], times, **values, warn_at=warn_at, warn_of=warn_of
    )
    return times


def schedule(
    district: District, calendar: WorkingCalendar, case: lifecycle.Case, row: dict[str, Any]
) -> sla.Schedule:
    return sla.schedule(
        district,
        calendar,
        row["name"],
        row["started_at"],
        category_class=case.category_class,  # a reclassified case runs on its new clocks
        pauses=cases.pauses_of(case),
        extension_s=case.extended_s(row["name"]),
    )


def warn_before(district: District) -> timedelta:
    return timedelta(seconds=sla_of(district).warn_before.seconds)


def _kept(light: str, current: str) -> str:
    """The better of the two: an extension may bring a light back, only the sweeper worsens it."""
    return min(light, current, key=LIGHTS.index)


def _stop(session: Session, issue_id: str, name: str, at: datetime, light: str) -> None:
    session.execute(
        update(clocks)
        .where(clocks.c.issue_id == issue_id, clocks.c.name == name)
        .values(stopped_at=at, light=light, warn_at=None, warn_of=None)
    )
