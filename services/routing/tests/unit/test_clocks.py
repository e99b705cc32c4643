"""SLA clocks: natural hours, working days and working hours on China's calendar, pauses,
extensions and the green, yellow and red lights."""

from datetime import UTC, date, datetime, time, timedelta
from typing import get_args
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routing import workdays
from routing.clocks import (
    LIGHTS,
    ClockTimes,
    Measure,
    Pause,
    Timeline,
    active_elapsed,
    clock_times,
    light,
)

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


# Properties, on 2024–2026 of China's calendar. Zones with daylight saving (one changing at
# midnight) check that no day is assumed to last 24 hours.

BOUNDED = settings(max_examples=150, deadline=None)
ZONES = st.sampled_from([SHANGHAI, ZoneInfo("Europe/Berlin"), ZoneInfo("America/Santiago")])
TIMELINES = st.builds(
    Timeline,
    calendar=st.just(CALENDAR),
    zone=ZONES,
    measure=st.sampled_from(get_args(Measure)),
)
WORKING_TIMELINES = st.builds(
    Timeline,
    calendar=st.just(CALENDAR),
    zone=ZONES,
    measure=st.sampled_from(["working_days", "working_hours"]),
)
EVERY_DAY = [date(2024, 1, 1) + timedelta(days=n) for n in range(3 * 365)]
WORKING_DATES = [day for day in EVERY_DAY if CALENDAR.is_working_day(day)]
DAYS_OFF = [day for day in EVERY_DAY if not CALENDAR.is_working_day(day)]


def spans(longest: timedelta) -> st.SearchStrategy[timedelta]:
    return st.timedeltas(min_value=timedelta(0), max_value=longest)


# From 2 January: midnight UTC on New Year's Day is still 2023 in Santiago.
INSTANTS = st.datetimes(datetime(2024, 1, 2), datetime(2026, 6, 30), timezones=st.just(UTC))
# Up to 60 days' worth of the clock's time; shorter where a test multiplies it, so that every
# time lands in 2026 at the latest.
DAY_SHARES = st.floats(min_value=0, max_value=60)
SHORT_DAY_SHARES = st.floats(min_value=0, max_value=20)


def clock_seconds(timeline: Timeline, days: float) -> float:
    """`days` days of the clock's time: a working-hours day is only 9 hours long."""
    return days * (9 * HOUR if timeline.measure == "working_hours" else WORKING_DAY)


def about(first: float, second: float) -> bool:
    return abs(first - second) <= 1


@BOUNDED
@given(timeline=TIMELINES, start=INSTANTS, days=DAY_SHARES)
def test_the_time_elapsed_until_a_deadline_is_the_time_it_was_set_for(timeline, start, days):
    seconds = clock_seconds(timeline, days)
    due = timeline.advance(start, seconds)
    assert due.tzinfo is UTC
    assert about(timeline.elapsed(start, due), seconds)


@BOUNDED
@given(
    day=st.sampled_from([day for day in WORKING_DATES if day <= date(2026, 6, 30)]),
    time_of_day=st.times(),
    count=st.integers(1, 90),
)
def test_n_working_days_from_a_working_day_end_at_the_same_time_on_the_nth_working_day(
    day, time_of_day, count
):
    start = datetime.combine(day, time_of_day, SHANGHAI)
    due = line("working_days").advance(start, count * WORKING_DAY)
    if time_of_day != time(0):
        assert due == workdays.deadline(CALENDAR, start, count)
    else:  # the start day counts whole: due the moment the n-th day (itself the first) closes
        last_day = CALENDAR.add_working_days(day, count - 1)
        assert due == datetime.combine(last_day + timedelta(days=1), time(0), SHANGHAI)


@BOUNDED
@given(timeline=TIMELINES, start=INSTANTS, days=DAY_SHARES)
def test_a_deadline_is_the_first_moment_the_time_is_used_up(timeline, start, days):
    seconds = clock_seconds(timeline, days)
    due = timeline.advance(start, seconds)
    assert timeline.elapsed(start, due - timedelta(seconds=2)) < max(seconds, 2)


@BOUNDED
@given(timeline=TIMELINES, start=INSTANTS, first=DAY_SHARES, second=DAY_SHARES)
def test_more_time_is_never_due_sooner(timeline, start, first, second):
    shorter, longer = sorted([clock_seconds(timeline, first), clock_seconds(timeline, second)])
    assert timeline.advance(start, shorter) <= timeline.advance(start, longer)


@BOUNDED
@given(
    timeline=TIMELINES,
    start=INSTANTS,
    to_split=spans(timedelta(days=60)),
    after=spans(timedelta(days=60)),
)
def test_time_elapsed_adds_up_over_a_split_point(timeline, start, to_split, after):
    split, end = start + to_split, start + to_split + after
    whole = timeline.elapsed(start, end)
    assert about(whole, timeline.elapsed(start, split) + timeline.elapsed(split, end))
    assert timeline.elapsed(end, start) == 0


@BOUNDED
@given(start=INSTANTS, span=spans(timedelta(days=90)), zone=ZONES)
def test_natural_time_is_plain_clock_time(start, span, zone):
    natural = Timeline(CALENDAR, zone, "natural")
    assert natural.elapsed(start, start + span) == span.total_seconds()
    assert natural.advance(start, span.total_seconds()) == start + span


@BOUNDED
@given(start=INSTANTS, span=spans(timedelta(days=90)), zone=ZONES)
def test_working_hours_count_no_more_than_working_days_and_those_no_more_than_natural(
    start, span, zone
):
    used = {
        measure: Timeline(CALENDAR, zone, measure).elapsed(start, start + span)
        for measure in get_args(Measure)
    }
    assert used["working_hours"] <= used["working_days"] <= used["natural"]


@st.composite
def pauses_before(draw, start: datetime, due: datetime) -> list[Pause]:
    """Disjoint pauses between `start` and `due`."""
    shares = sorted(draw(st.lists(st.floats(0, 1), max_size=6)))
    moments = [start + (due - start) * share for share in shares]
    return [Pause(begin, end) for begin, end in zip(moments[::2], moments[1::2], strict=False)]


@BOUNDED
@given(timeline=TIMELINES, start=INSTANTS, days=st.floats(0, 40), data=st.data())
def test_pauses_move_the_deadline_out_by_exactly_the_clock_time_they_took(
    timeline, start, days, data
):
    budget = clock_seconds(timeline, days)
    unpaused = timeline.advance(start, budget)
    pauses = data.draw(pauses_before(start, unpaused))
    paused = sum(timeline.elapsed(p.start, p.end) for p in pauses)
    times = clock_times(
        timeline, start, budget_s=budget, yellow_s=budget, red_s=budget, pauses=pauses
    )
    assert abs(times.deadline - timeline.advance(start, budget + paused)) <= timedelta(seconds=1)
    assert about(active_elapsed(timeline, start, times.deadline, pauses), budget)


@st.composite
def uncounted_pauses(draw, timeline: Timeline) -> Pause:
    """A pause on a day off, or (for working hours) between closing time and the next opening."""
    evening = timeline.measure == "working_hours" and draw(st.booleans())
    day = draw(st.sampled_from(WORKING_DATES if evening else DAYS_OFF))
    if evening:
        begin = datetime.combine(day, timeline.working_hours[1], timeline.zone)
        end = datetime.combine(day + timedelta(days=1), timeline.working_hours[0], timeline.zone)
    else:
        begin = datetime.combine(day, time(0), timeline.zone)
        end = datetime.combine(day + timedelta(days=1), time(0), timeline.zone)
    shares = sorted(draw(st.lists(st.floats(0, 1), min_size=2, max_size=2)))
    return Pause(begin + (end - begin) * shares[0], begin + (end - begin) * shares[1])


@BOUNDED
@given(timeline=WORKING_TIMELINES, start=INSTANTS, days=SHORT_DAY_SHARES, data=st.data())
def test_a_pause_wholly_in_time_the_clock_does_not_count_moves_nothing(timeline, start, days, data):
    pause = data.draw(uncounted_pauses(timeline))
    budget = clock_seconds(timeline, days)
    allowance = {"budget_s": budget, "yellow_s": budget / 2, "red_s": budget * 2}
    paused = clock_times(timeline, start, **allowance, pauses=[pause])
    assert paused == clock_times(timeline, start, **allowance)


@BOUNDED
@given(timeline=TIMELINES, start=INSTANTS, days=SHORT_DAY_SHARES, extension=SHORT_DAY_SHARES)
def test_an_extension_adds_exactly_its_clock_time_to_every_light(timeline, start, days, extension):
    budget, extension_s = clock_seconds(timeline, days), clock_seconds(timeline, extension)
    allowance = {"budget_s": budget, "yellow_s": budget / 2, "red_s": budget * 1.5}
    plain = clock_times(timeline, start, **allowance)
    extended = clock_times(timeline, start, **allowance, extension_s=extension_s)
    for name in ("deadline", "yellow_at", "red_at"):
        moved = timeline.elapsed(getattr(plain, name), getattr(extended, name))
        assert about(moved, extension_s)


@BOUNDED
@given(
    timeline=TIMELINES,
    start=INSTANTS,
    days=SHORT_DAY_SHARES,
    yellow_share=st.floats(0, 1),
    red_factor=st.floats(1, 3),
    seen=st.lists(spans(timedelta(days=200)), min_size=2, max_size=6),
)
def test_lights_only_ever_go_from_green_to_yellow_to_red(
    timeline, start, days, yellow_share, red_factor, seen
):
    budget = clock_seconds(timeline, days)
    times = clock_times(
        timeline,
        start,
        budget_s=budget,
        yellow_s=budget * yellow_share,
        red_s=budget * red_factor,
    )
    assert times.yellow_at <= times.deadline <= times.red_at
    lights = [LIGHTS.index(light(times, start + offset)) for offset in sorted(seen)]
    assert lights == sorted(lights)


@BOUNDED
@given(
    timeline=TIMELINES,
    start=INSTANTS,
    days=SHORT_DAY_SHARES,
    paused_after=spans(timedelta(days=120)),
    looked_after=spans(timedelta(days=400)),
)
def test_a_frozen_clock_shows_the_light_it_had_when_the_pause_began(
    timeline, start, days, paused_after, looked_after
):
    budget = clock_seconds(timeline, days)
    allowance = {"budget_s": budget, "yellow_s": budget * 0.8, "red_s": budget * 2}
    running = clock_times(timeline, start, **allowance)
    pause = Pause(start + paused_after)
    frozen = clock_times(timeline, start, **allowance, pauses=[pause])
    assert frozen.deadline is None
    assert light(frozen, pause.start + looked_after) == light(running, pause.start)
