"""A community's standing monthly meeting (三必做: one residents' deliberation a month), into
which matters can be scheduled. The day is a rule on the district's working-day calendar, so
a holiday never lands a meeting on a day off: the first working Monday, the last working
Thursday.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from gongzhi.workdays import WorkingCalendar

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class StandingMeeting:
    """The `nth` working `weekday` of each month (-1: the last), at `at` district time. A month
    with fewer such days than `nth` meets on its last one."""

    weekday: str = "monday"
    nth: int = 1
    at: time = time(9, 0)
    name: str = "居民议事会"


def meeting_day(rule: StandingMeeting, year: int, month: int, calendar: WorkingCalendar) -> date:
    """The day of the month's meeting; ValueError if the month has no working `weekday`."""
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    weekday = WEEKDAYS.index(rule.weekday)
    days = [day for day in calendar.working_days_from(first, last) if day.weekday() == weekday]
    if not days:
        raise ValueError(f"no working {rule.weekday} in {year}-{month:02d}")
    return days[-1] if rule.nth == -1 or rule.nth > len(days) else days[rule.nth - 1]


def next_meeting(
    rule: StandingMeeting, after: datetime, calendar: WorkingCalendar, timezone: str
) -> datetime:
    """The first standing meeting after `after` (district time), this month's or the next."""
    zone = ZoneInfo(timezone)
    local = after.astimezone(zone)
    this_month = datetime.combine(
        meeting_day(rule, local.year, local.month, calendar), rule.at, zone
    )
    if this_month > local:
        return this_month
    year, month = local.year + local.month // 12, local.month % 12 + 1
    return datetime.combine(meeting_day(rule, year, month, calendar), rule.at, zone)
