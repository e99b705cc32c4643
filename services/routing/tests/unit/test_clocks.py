"""SLA clocks: natural hours, working days and working hours on China's calendar, pauses,
extensions and the green, yellow and red lights."""

from datetime import datetime, time

import pytest

from gongzhi import workdays
from routing.clocks import (
    Pause,
    Timeline,
    active_elapsed,
    clock_times,
    light,
)

from .conftest import CALENDAR, HOUR, SHANGHAI, WORKING_DAY, at, huizhou_reply, line

# Working days


def test_a_reply_due_in_5_working_days_from_the_eve_of_national_day_is_due_at_10_on_13_october():
    due = line("working_days").advance(at(2026, 9, 30, 10), 5 * WORKING_DAY)
    assert due == at(2026, 10, 13, 10)  # 1–7 Oct off, Saturday 10 Oct worked instead


def test_5_working_days_from_a_saturday_end_when_the_fifth_working_day_ends():
    due = line("working_days").advance(at(2026, 9, 12, 15), 5 * WORKING_DAY)
    assert due == at(2026, 9, 19, 0)  # midnight closing Friday 18 September


def test_a_clock_started_on_a_holiday_counts_from_the_next_working_day():
    national_day = at(2026, 10, 3, 12)
    assert line("working_days").advance(national_day, WORKING_DAY) == at(2026, 10, 9, 0)
    assert line("working_hours").advance(national_day, 9 * HOUR) == at(2026, 10, 8, 17, 30)


def test_time_spent_on_national_day_does_not_count_as_working_time():
    days = line("working_days")
    assert days.elapsed(at(2026, 9, 30, 12), at(2026, 10, 8, 12)) == 24 * HOUR


# Natural hours (the 12345 method)


def test_the_12345_response_is_due_4_natural_hours_later_even_overnight_into_a_holiday():
    due = line("natural").advance(at(2026, 9, 30, 22), 4 * HOUR)
    assert due == at(2026, 10, 1, 2)


# Working hours


def test_working_hours_stop_overnight():
    assert line("working_hours").advance(at(2026, 9, 15, 16, 30), 2 * HOUR) == at(
        2026, 9, 16, 9, 30
    )


def test_working_hours_skip_a_weekend():
    assert line("working_hours").advance(at(2026, 9, 11, 17), HOUR) == at(2026, 9, 14, 9)


def test_working_hours_resume_on_a_make_up_sunday():
    # Friday 25 September is Mid-Autumn; Sunday 20 September was worked in its place.
    assert line("working_hours").advance(at(2026, 9, 18, 17), HOUR) == at(2026, 9, 20, 9)


def test_working_hours_skip_the_national_day_holiday():
    assert line("working_hours").advance(at(2026, 9, 30, 17), HOUR) == at(2026, 10, 8, 9)


def test_a_district_with_its_own_working_hours_counts_only_those():
    mornings = Timeline(CALENDAR, SHANGHAI, "working_hours", (time(9), time(12)))
    assert mornings.advance(at(2026, 9, 15, 11), 2 * HOUR) == at(2026, 9, 16, 10)
    assert mornings.elapsed(at(2026, 9, 15, 8), at(2026, 9, 15, 18)) == 3 * HOUR


# A calendar that does not know the year


def test_a_deadline_in_a_year_the_calendar_does_not_know_is_refused_with_the_reason():
    only_2026 = line("working_days", workdays.china([2026]))
    with pytest.raises(workdays.UnknownYear) as refused:
        only_2026.advance(at(2026, 12, 28, 10), 15 * WORKING_DAY)
    assert "2027" in str(refused.value)
    assert "district" in str(refused.value)


def test_time_used_up_to_new_years_eve_is_counted_without_next_years_calendar():
    only_2026 = line("working_days", workdays.china([2026]))
    assert only_2026.elapsed(at(2026, 12, 30, 10), at(2026, 12, 31, 18)) == 32 * HOUR
    assert only_2026.advance(at(2026, 12, 31, 10), 14 * HOUR) == at(2027, 1, 1, 0)


def test_the_natural_clock_needs_no_calendar_for_the_next_year():
    only_2026 = line("natural", workdays.china([2026]))
    assert only_2026.advance(at(2026, 12, 31, 22), 4 * HOUR) == at(2027, 1, 1, 2)


# Times without a zone and impossible timelines


def test_a_time_without_a_zone_is_refused_rather_than_read_as_the_servers_local_time():
    with pytest.raises(ValueError, match="zone"):
        line("working_days").advance(datetime(2026, 9, 30, 10), WORKING_DAY)


def test_a_timeline_refuses_an_unknown_measure_and_hours_that_close_before_they_open():
    with pytest.raises(ValueError, match="measure"):
        Timeline(CALENDAR, SHANGHAI, "working")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="open before"):
        Timeline(CALENDAR, SHANGHAI, "working_hours", (time(17, 30), time(8, 30)))


# Huizhou lights, pauses and extensions


def test_huizhou_reply_clock_is_green_for_5_working_days_and_red_after_15():
    times = huizhou_reply(at(2026, 9, 30, 10))
    assert times.deadline == times.yellow_at == at(2026, 10, 13, 10)
    assert times.red_at == at(2026, 10, 27, 10)
    assert light(times, at(2026, 10, 13, 9, 59)) == "green"
    assert light(times, at(2026, 10, 13, 10)) == "yellow"
    assert light(times, at(2026, 10, 27, 10)) == "red"


def test_a_pause_of_two_working_days_moves_the_reply_two_working_days_out():
    pause = Pause(at(2026, 10, 8, 10), at(2026, 10, 10, 10))  # Thursday to the make-up Saturday
    times = huizhou_reply(at(2026, 9, 30, 10), pauses=[pause])
    assert times.deadline == at(2026, 10, 15, 10)
    assert times.red_at == at(2026, 10, 29, 10)


def test_a_pause_over_a_weekend_does_not_move_a_working_day_clock():
    weekend = Pause(at(2026, 10, 17, 8), at(2026, 10, 18, 20))
    times = huizhou_reply(at(2026, 10, 13, 10), pauses=[weekend])
    assert times == huizhou_reply(at(2026, 10, 13, 10))


def test_an_extension_of_two_working_days_moves_all_three_times_out():
    times = huizhou_reply(at(2026, 9, 30, 10), extension_s=2 * WORKING_DAY)
    assert times.deadline == times.yellow_at == at(2026, 10, 15, 10)
    assert times.red_at == at(2026, 10, 29, 10)


def test_while_paused_the_clock_has_no_times_and_keeps_the_light_it_had():
    started = at(2026, 9, 30, 10)
    times = huizhou_reply(started, pauses=[Pause(at(2026, 10, 14, 9))])  # already yellow
    assert (times.deadline, times.yellow_at, times.red_at) == (None, None, None)
    assert light(times, at(2026, 10, 14, 9)) == "yellow"
    assert light(times, at(2026, 12, 31, 9)) == "yellow"  # long past the unpaused red


def test_a_pause_taken_after_the_clock_went_red_does_not_turn_it_back():
    late = Pause(at(2026, 10, 28, 9), at(2026, 11, 5, 9))
    times = huizhou_reply(at(2026, 9, 30, 10), pauses=[late])
    assert times == huizhou_reply(at(2026, 9, 30, 10))
    assert light(times, at(2026, 11, 5, 9)) == "red"


def test_time_used_leaves_out_the_pause_still_running():
    days = line("working_days")
    pauses = [Pause(at(2026, 9, 14, 0), at(2026, 9, 15, 0)), Pause(at(2026, 9, 17, 0))]
    used = active_elapsed(days, at(2026, 9, 14, 0), at(2026, 9, 21, 0), pauses)
    assert used == 2 * WORKING_DAY  # Tuesday and Wednesday; Thursday on is paused


def test_overlapping_pauses_give_the_time_back_once():
    days = line("working_days")
    overlapping = [
        Pause(at(2026, 9, 14, 0), at(2026, 9, 16, 0)),
        Pause(at(2026, 9, 15, 0), at(2026, 9, 17, 0)),
    ]
    used = active_elapsed(days, at(2026, 9, 14, 0), at(2026, 9, 19, 0), overlapping)
    assert used == 2 * WORKING_DAY


def test_yellow_after_the_deadline_or_red_before_it_is_refused():
    with pytest.raises(ValueError, match="yellow"):
        clock_times(line("natural"), at(2026, 9, 1), budget_s=HOUR, yellow_s=2 * HOUR, red_s=HOUR)
