"""Properties of the SLA clocks, over 2024–2026 of China's calendar and three time zones."""

from datetime import UTC, date, datetime, time, timedelta
from typing import get_args
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from gongzhi import workdays
from routing.clocks import (
    LIGHTS,
    Measure,
    Pause,
    Timeline,
    active_elapsed,
    clock_times,
    light,
)

from .conftest import CALENDAR, HOUR, SHANGHAI, WORKING_DAY, line

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
