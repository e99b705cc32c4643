"""The district's say on when messages may wait: quiet hours that wrap midnight or not, the
digest's time on China's working days (make-up Saturdays included, May Day not), and the
`notify:` parts that hold them refusing bad input by field."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import marshmallow as ma
import pytest

from gongzhi import workdays
from gongzhi.district.calendar import CalendarPolicy
from notify import digests
from notify.config import NotifySchema
from notify.holding import QuietHours

XIGUAN = ZoneInfo("Asia/Shanghai")
CALENDAR = workdays.of_district(CalendarPolicy())
MORNING = digests.DigestPolicy(at=time(8, 30))


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=XIGUAN)


@pytest.mark.parametrize(
    ("now", "until"),
    [
        (local(2026, 12, 2, 22, 0), local(2026, 12, 3, 7, 0)),
        (local(2026, 12, 2, 23, 59), local(2026, 12, 3, 7, 0)),
        (local(2026, 12, 3, 0, 30), local(2026, 12, 3, 7, 0)),
        (local(2026, 12, 3, 6, 59), local(2026, 12, 3, 7, 0)),
        (local(2026, 12, 3, 7, 0), None),
        (local(2026, 12, 3, 21, 59), None),
    ],
)
def test_the_default_quiet_hours_wrap_midnight(now, until):
    assert QuietHours().until(now) == until


def test_quiet_hours_within_one_day_and_none_at_all():
    lunch = QuietHours(start=time(12, 0), end=time(14, 0))
    assert lunch.until(local(2026, 12, 2, 13, 0)) == local(2026, 12, 2, 14, 0)
    assert lunch.until(local(2026, 12, 2, 14, 0)) is None
    never = QuietHours(start=time(0, 0), end=time(0, 0))
    assert never.until(local(2026, 12, 2, 3, 0)) is None


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (local(2024, 5, 6, 8, 0), local(2024, 5, 6, 8, 30)),  # Monday, before the time
        (local(2024, 5, 6, 8, 30), local(2024, 5, 7, 8, 30)),  # at it: the next working day
        (local(2024, 5, 10, 18, 0), local(2024, 5, 11, 8, 30)),  # a make-up Saturday (调休)
        (local(2024, 4, 30, 18, 0), local(2024, 5, 6, 8, 30)),  # over May Day's holidays
    ],
)
def test_the_digest_goes_at_its_time_on_the_next_working_day(now, slot):
    found = digests.next_slot(now.astimezone(UTC), MORNING, CALENDAR, "Asia/Shanghai")
    assert found == slot.astimezone(UTC)


def test_the_sections_defaults():
    notify = NotifySchema().load({})
    assert (notify.quiet_hours.start, notify.quiet_hours.end) == (time(22, 0), time(7, 0))
    assert notify.throttle.per_hour == 30
    assert (notify.digest.at, notify.digest.kinds) == (time(8, 30), digests.KINDS)


def test_bad_input_is_refused_naming_the_field():
    bad = {
        "quiet_hours": {"start": "25:00", "end": 700},
        "throttle": {"per_hour": 0},
        "digest": {"at": "soon", "kinds": ["grid_worker", "mayor"]},
    }
    with pytest.raises(ma.ValidationError) as refused:
        NotifySchema().load(bad)

    said = refused.value.messages
    assert "not a time like 08:30" in said["quiet_hours"]["start"][0]
    assert "700" in said["quiet_hours"]["end"][0]
    assert said["throttle"]["per_hour"]
    assert "soon" in said["digest"]["at"][0]
    assert said["digest"]["kinds"] == ["not a kind of the directory: mayor"]
