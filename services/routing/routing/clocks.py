"""SLA clock arithmetic: how much clock time lies between two instants, and when a clock reaches
its budget, on natural time, on working dates or on working hours. Plain functions, no nameko.

Counted time is walked a working date at a time, never a second at a time, so a 90-working-day
clock costs a few months of calendar look-ups. A calendar that does not know a year the walk
reaches raises `workdays.UnknownYear`; nothing here guesses past it. Each of a clock's times is
worked out on its own, so a deadline this year stands even when the red time falls in a year
the calendar lacks, and a time reached through a year reckoned only by rule is marked so.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from gongzhi.workdays import UnknownYear, WorkingCalendar

Measure = Literal["natural", "working_days", "working_hours"]
Light = Literal["green", "yellow", "red"]
LIGHTS: tuple[Light, ...] = ("green", "yellow", "red")
Stretch = tuple[datetime, datetime]  # (from, until) in UTC


@dataclass(frozen=True)
class Timeline:
    """How one clock counts time in one district.

    `natural`: every second counts. `working_days`: every second of a working date counts, local
    midnight to midnight in `zone` (a date's real seconds, so 23 or 25 hours on a daylight-saving
    change). `working_hours`: only the seconds between the two `working_hours` of a working date.
    """

    calendar: WorkingCalendar
    zone: ZoneInfo
    measure: Measure
    working_hours: tuple[time, time] = (time(8, 30), time(17, 30))

    def __post_init__(self) -> None:
        if self.measure not in get_args(Measure):
            raise ValueError(f"no such measure {self.measure!r}; one of {get_args(Measure)}")
        opens, closes = self.working_hours
        if opens >= closes:
            raise ValueError(f"working hours must open before they close, not {opens}–{closes}")

    def advance(self, start: datetime, seconds: float) -> datetime:
        """The earliest instant (in UTC) by which `seconds` of clock time have passed since `start`.

        Zero seconds is `start` itself, even in time the clock does not count: a clock with no
        budget left is due at once. Otherwise the answer lies in counted time or at the end of
        a counted stretch: 5 working days from a Saturday end at the midnight closing the fifth
        working day, not when the next one begins.
        """
        if seconds < 0:
            raise ValueError(f"a clock cannot run backwards ({seconds} s)")
        return self._advance(_utc(start), timedelta(seconds=seconds))

    def by_rule(self, start: datetime, end: datetime) -> bool:
        """Whether the clock time from `start` to `end` was counted through a year the calendar
        reckons only by rule (natural time counts no calendar)."""
        first, last = (_utc(moment).astimezone(self.zone).date() for moment in (start, end))
        return self.measure != "natural" and self.calendar.reckons_by_rule(first, last)

    def elapsed(self, start: datetime, end: datetime) -> float:
        """Clock seconds counted between `start` and `end` (0 if `end` is not after `start`)."""
        return self._counted(_utc(start), _utc(end)).total_seconds()

    # Inside, clock time is a timedelta: whole microseconds, so no float rounding builds up and
    # a time reached by `_advance` is exactly where `_counted` says the time is used up.

    def _advance(self, start: datetime, span: timedelta) -> datetime:
        if self.measure == "natural" or not span:
            return start + span
        windows = self._windows(start)
        opens, closes = next(windows)
        while span > closes - opens:
            span -= closes - opens
            opens, closes = next(windows)
        return opens + span

    def _counted(self, start: datetime, end: datetime) -> timedelta:
        if end <= start:
            return timedelta()
        if self.measure == "natural":
            return end - start
        stretches = self._windows(start, last_day=end.astimezone(self.zone).date())
        counted = (min(closes, end) - opens for opens, closes in stretches if opens < end)
        return sum(counted, timedelta())

    def _windows(self, start: datetime, last_day: date | None = None) -> Iterator[Stretch]:
        """Counted stretches from `start` on, in order, as UTC (opens, closes) pairs."""
        first_day = start.astimezone(self.zone).date()
        for day in self.calendar.working_days_from(first_day, last_day):
            opens, closes = self._window(day)
            if closes > start:
                yield max(opens, start), closes

    def _window(self, day: date) -> Stretch:
        if self.measure == "working_days":
            opens = datetime.combine(day, time(0), self.zone)
            closes = datetime.combine(day + timedelta(days=1), time(0), self.zone)
        else:
            opens, closes = (datetime.combine(day, hour, self.zone) for hour in self.working_hours)
        return _utc(opens), _utc(closes)


@dataclass(frozen=True)
class Pause:
    """An approved pause; `end` is None while it lasts."""

    start: datetime
    end: datetime | None = None


TIMES = ("deadline", "yellow_at", "red_at")


@dataclass(frozen=True)
class ClockTimes:
    """When a clock is due and turns yellow and red. While a pause lasts the three are None and
    `frozen_light` is the light the clock showed when the pause began; otherwise it is None.
    A time past the calendar's reach is None too, and `unknown` says why; `provisional` names
    the times counted through a year reckoned only by rule."""

    deadline: datetime | None
    yellow_at: datetime | None
    red_at: datetime | None
    frozen_light: Light | None = None
    provisional: tuple[str, ...] = ()
    unknown: str | None = None


def clock_times(
    timeline: Timeline,
    started_at: datetime,
    *,
    budget_s: float,
    yellow_s: float,
    red_s: float,
    pauses: Sequence[Pause] = (),
    extension_s: float = 0.0,
) -> ClockTimes:
    """The clock's times: each is the instant at which its allowance (plus `extension_s`) of
    active clock time has been used, paused time excluded. A closed pause before a time moves it
    out by exactly the clock time the pause took (none for a pause wholly in uncounted time);
    a pause after a time has passed leaves it, so a clock that was yellow when paused does not
    turn green again on resuming. While a pause is open the clock is frozen: the three times are
    None and `frozen_light` keeps the light it had when the pause began (found from the time
    used by then, so a frozen clock needs no calendar beyond its pause).
    """
    if not 0 <= yellow_s <= budget_s <= red_s or extension_s < 0:
        raise ValueError(
            f"need 0 ≤ yellow ≤ budget ≤ red and no negative extension, not {yellow_s}, "
            f"{budget_s}, {red_s} and {extension_s}"
        )
    yellow, budget, red = (timedelta(seconds=s + extension_s) for s in (yellow_s, budget_s, red_s))
    frozen_since = [p.start for p in pauses if p.end is None]
    if frozen_since:
        used = _active(timeline, started_at, _utc(min(frozen_since)), pauses)
        return ClockTimes(None, None, None, frozen_light=_light_by_use(used, yellow, red))
    closed = _paused(started_at, [(p.start, p.end) for p in pauses if p.end is not None])
    times: dict[str, datetime | None] = {}
    unknown: list[str] = []
    for name, allowance in zip(TIMES, (budget, yellow, red), strict=True):
        try:
            times[name] = _due(timeline, started_at, allowance, closed)
        except UnknownYear as error:
            times[name] = None
            unknown.append(str(error))
    reckoned = tuple(n for n, t in times.items() if t and timeline.by_rule(started_at, t))
    deadline, yellow_at, red_at = times.values()
    return ClockTimes(
        deadline, yellow_at, red_at, provisional=reckoned, unknown=unknown[0] if unknown else None
    )


def active_elapsed(
    timeline: Timeline, started_at: datetime, now: datetime, pauses: Sequence[Pause]
) -> float:
    """Clock time used between `started_at` and `now`; an open pause counts as paused to `now`."""
    return _active(timeline, started_at, _utc(now), pauses).total_seconds()


def light(times: ClockTimes, at: datetime) -> Light:
    """Green before `yellow_at`, yellow from it, red from `red_at`; a frozen clock shows the
    light it had when its pause began (`times.frozen_light`), whatever `at` is."""
    if times.frozen_light is not None:
        return times.frozen_light
    if times.yellow_at is None:
        raise ValueError("a clock without times and without a frozen light has no light")
    at = _utc(at)
    if times.red_at is not None and at >= times.red_at:
        return "red"  # a red time the calendar cannot reach yet is not red
    return "yellow" if at >= times.yellow_at else "green"


def _light_by_use(used: timedelta, yellow: timedelta, red: timedelta) -> Light:
    if used >= red:
        return "red"
    return "yellow" if used >= yellow else "green"


def _active(
    timeline: Timeline, started_at: datetime, now: datetime, pauses: Sequence[Pause]
) -> timedelta:
    ended = [(p.start, min(_utc(p.end or now), now)) for p in pauses]
    paused = (timeline._counted(start, end) for start, end in _paused(started_at, ended))
    return timeline._counted(_utc(started_at), now) - sum(paused, timedelta())


def _due(
    timeline: Timeline, started_at: datetime, allowance: timedelta, paused: list[Stretch]
) -> datetime:
    """The instant at which `allowance` of active clock time has been used: the clock runs from
    start to the first pause, then from its end to the next, and so on."""
    resumed, left = _utc(started_at), allowance
    for pause_start, pause_end in paused:
        due = timeline._advance(resumed, left)
        if due <= pause_start:
            return due
        left -= timeline._counted(resumed, pause_start)
        resumed = pause_end
    return timeline._advance(resumed, left)


def _paused(started_at: datetime, pauses: Iterable[Stretch]) -> list[Stretch]:
    """Closed pauses as ordered, disjoint UTC stretches after the clock started; overlapping
    pauses are one stretch, so no paused second is given back twice."""
    started = _utc(started_at)
    stretches: list[Stretch] = []
    for pause_start, pause_end in sorted((_utc(start), _utc(end)) for start, end in pauses):
        start, end = max(pause_start, started), pause_end
        if stretches and start <= stretches[-1][1]:
            start, last_end = stretches.pop()
            end = max(end, last_end)
        if end > start:
            stretches.append((start, end))
    return stretches


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"clock times must carry their zone, not {moment.isoformat()}")
    return moment.astimezone(UTC)
