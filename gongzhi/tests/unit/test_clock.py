"""GONGZHI_CLOCK_START: a process's clock may start on another day and run on at real speed."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from gongzhi.clock import ShiftedClock, SystemClock, from_setting

DECEMBER = "2026-12-02T09:00:00+08:00"


def test_without_the_setting_a_service_runs_on_the_system_clock():
    assert isinstance(from_setting(None), SystemClock)
    assert isinstance(from_setting(""), SystemClock)


def test_a_shifted_clock_starts_at_the_instant_given_and_runs_on_at_real_speed():
    clock = from_setting(DECEMBER)
    first = clock.now()
    time.sleep(0.05)
    second = clock.now()

    assert isinstance(clock, ShiftedClock)
    assert abs(first - datetime.fromisoformat(DECEMBER)) < timedelta(seconds=1)
    assert first.utcoffset() == timedelta(0)
    assert timedelta(seconds=0.04) < second - first < timedelta(seconds=1)


def test_a_start_in_utc_spelled_with_z_is_an_instant_too():
    now = from_setting("2026-12-02T01:00:00Z").now()
    assert abs(now - datetime(2026, 12, 2, 1, tzinfo=UTC)) < timedelta(seconds=1)


@pytest.mark.parametrize("value", ["2 December", "2026-12-02T09:00:00", "2026-13-02T09:00+08:00"])
def test_a_malformed_or_zoneless_start_is_refused(value):
    with pytest.raises(ValueError, match="is not an ISO 8601 instant with an offset") as refused:
        from_setting(value)
    assert value in str(refused.value)
