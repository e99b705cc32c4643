"""A case's clocks under its district's SLA policy: when each turns yellow and red.

Every clock starts when the resident reported (their wait is what is measured) and runs on the
calendar the policy names. Approved pauses and extensions move its times out; a pause in force
freezes them. A year the State Council has not yet published is reckoned by rule and the times
it reaches are marked provisional, unless the district refuses to guess (`calendar.
unpublished_years: refuse`): then those times stay unscheduled, with the reason. Either way the
sweeper works them out again once the calendar changes (the district vouches for the year, or a
`holidays` release publishes it).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from gongzhi import workdays
from gongzhi.district import District
from gongzhi.district.calendar import CalendarPolicy
from routing.clocks import ClockTimes, Pause, Timeline, clock_times, light
from routing.config import CLOCKS, ClockPolicy, sla_of
from routing.lifecycle import STATUSES

# Each clock stops once the case reaches its status or any later one.
STOPPED_BY = {"response": "accepted", "reply": "replied", "resolution": "resolved"}


@dataclass(frozen=True)
class Schedule:
    """One clock's times; all none while paused. A time the calendar cannot reach is none and
    `unscheduled` says why; `provisional` names the times reckoned by rule; `calendar_version`
    is the calendar they were worked out with."""

    clock: str
    calendar: str
    deadline: datetime | None
    yellow_at: datetime | None
    red_at: datetime | None
    unscheduled: str | None = None
    provisional: tuple[str, ...] = ()
    calendar_version: str | None = None


def working_calendar(policy: CalendarPolicy) -> workdays.WorkingCalendar:
    """The district's calendar, as every service reckons working days (gongzhi.workdays)."""
    return workdays.of_district(policy)


def schedule(
    district: District,
    calendar: workdays.WorkingCalendar,
    clock: str,
    started_at: datetime,
    *,
    category_class: str,
    pauses: Sequence[Pause] = (),
    extension_s: float = 0.0,
) -> Schedule:
    policy = sla_of(district).clocks(category_class)[clock]
    line = timeline(district, calendar, policy)
    try:
        times = clock_times(
            line,
            started_at,
            budget_s=policy.within.seconds,
            yellow_s=policy.yellow_s,
            red_s=policy.red_after.seconds,
            pauses=_since(pauses, started_at),
            extension_s=extension_s,
        )
    except workdays.UnknownYear as error:  # a pause that began past the calendar's reach
        return Schedule(clock, policy.calendar, None, None, None, str(error), (), calendar.version)
    return Schedule(
        clock,
        policy.calendar,
        times.deadline,
        times.yellow_at,
        times.red_at,
        unscheduled=times.unknown,
        provisional=times.provisional,
        calendar_version=calendar.version,
    )


def schedule_all(
    district: District,
    calendar: workdays.WorkingCalendar,
    started_at: datetime,
    *,
    category_class: str,
) -> dict[str, Schedule]:
    """The three clocks of a case just assigned."""
    return {
        clock: schedule(district, calendar, clock, started_at, category_class=category_class)
        for clock in CLOCKS
    }


def timeline(
    district: District, calendar: workdays.WorkingCalendar, policy: ClockPolicy
) -> Timeline:
    return Timeline(
        calendar=calendar,
        zone=ZoneInfo(district.timezone),
        measure=policy.measure,
        working_hours=district.calendar.working_hours,
    )


def light_at(schedule: Schedule, at: datetime, current: str) -> str:
    """The light at `at`; a frozen or wholly unscheduled clock keeps the light it has."""
    if schedule.yellow_at is None:
        return current
    return light(ClockTimes(schedule.deadline, schedule.yellow_at, schedule.red_at), at)


def warning(
    schedule: Schedule, light: str, started_at: datetime, warn_before: timedelta
) -> tuple[datetime | None, str | None]:
    """When to warn supervisors of the next light, and which. `warn_before` ahead of it, but
    never in the first half of the wait: a 4-hour clock must not warn the moment it starts."""
    turns_at = {"green": schedule.yellow_at, "yellow": schedule.red_at}.get(light)
    if turns_at is None:
        return None, None
    warn_at = max(turns_at - warn_before, started_at + (turns_at - started_at) / 2)
    return warn_at, "yellow" if light == "green" else "red"


def stops(clock: str, status: str) -> bool:
    """Whether a case in `status` has stopped `clock`."""
    return STATUSES.index(status) >= STATUSES.index(STOPPED_BY[clock])


def _since(pauses: Sequence[Pause], started_at: datetime) -> tuple[Pause, ...]:
    """Pauses cut to the clock's own life: a clock restarted after a pause owes it nothing."""
    kept = (p for p in pauses if p.end is None or p.end > started_at)
    return tuple(Pause(max(p.start, started_at), p.end) for p in kept)
