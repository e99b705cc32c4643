"""What the clock tests share: China's calendar for 2024–2026, Shanghai time, and the Huizhou
reply clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

from routing import workdays
from routing.clocks import ClockTimes, Measure, Timeline, clock_times

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = workdays.china([2024, 2025, 2026])
HOUR = 3600
WORKING_DAY = 24 * HOUR  # a working date counts whole, midnight to midnight


def at(*when: int) -> datetime:
    return datetime(*when, tzinfo=SHANGHAI)


def line(measure: Measure, calendar: workdays.WorkingCalendar = CALENDAR) -> Timeline:
    return Timeline(calendar, SHANGHAI, measure)


def huizhou_reply(started_at: datetime, **changes) -> ClockTimes:
    """Reply within 5 working days (green until then), red once 15 have passed."""
    return clock_times(
        line("working_days"),
        started_at,
        budget_s=5 * WORKING_DAY,
        yellow_s=5 * WORKING_DAY,
        red_s=15 * WORKING_DAY,
        **changes,
    )
