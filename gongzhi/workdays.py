"""Working days: China's statutory holidays and make-up working days (调休) from `holidays`,
the district's own closures and extra working days on top. Plain functions, no nameko.

A year whose schedule the State Council has not yet published is not known exactly: the district
may vouch for it with its own days, or have it reckoned provisionally by rule (the statutory
holidays `holidays` computes for any year, without make-up days), or refuse it outright.
"""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

import holidays

from gongzhi.district.calendar import CalendarPolicy

BY_RULE_YEARS = 2  # how many years past the last known one are reckoned by rule


class UnknownYear(ValueError):
    """No published holiday schedule for this year, and the district gave none."""


def published_years() -> frozenset[int]:
    """Years whose holidays and make-up days the `holidays` package carries (2001 on)."""
    return frozenset(holidays.China(years=2001).special_public_holidays)


@dataclass(frozen=True)
class WorkingCalendar:
    years: frozenset[int]  # published, or vouched for by the district: known exactly
    days_off: frozenset[date]  # statutory holidays and the district's closures
    workdays: frozenset[date]  # weekend days worked instead (调休), and district overrides
    provisional: frozenset[int] = frozenset()  # unpublished years reckoned by rule

    def is_working_day(self, day: date) -> bool:
        if day.year not in self.years and day.year not in self.provisional:
            raise UnknownYear(
                f"no working-day schedule for {day.year} (known: {self._known()}); "
                "add the year's holidays to the district's calendar (district.yaml: the days "
                "off under calendar.closures, the make-up days under calendar.workdays, the "
                "year under calendar.vouched_years) or upgrade the holidays package"
            )
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def reckons_by_rule(self, first: date, last: date) -> bool:
        """Whether a walk from `first` to `last` crosses a year reckoned only by rule."""
        return any(year in self.provisional for year in range(first.year, last.year + 1))

    @cached_property
    def version(self) -> str:
        """A short fingerprint: a clock worked out with another version is worked out again."""
        parts = (self.years, self.provisional, self.days_off, self.workdays)
        text = "|".join(",".join(sorted(map(str, part))) for part in parts)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def _known(self) -> str:
        known = f"{min(self.years)}–{max(self.years)}" if self.years else "none"
        if self.provisional:
            known += f"; by rule {min(self.provisional)}–{max(self.provisional)}"
        return known

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (start itself not counted)."""
        day, left = start, count
        while left > 0:
            day += timedelta(days=1)
            left -= self.is_working_day(day)
        return day

    def working_days_from(self, start: date, until: date | None = None) -> Iterator[date]:
        """Working days from `start` (itself included) up to `until` (included), or on without
        end. UnknownYear when the walk reaches a year the calendar does not know, never sooner:
        a bounded walk that stays inside known years is safe on the eve of an unknown one."""
        day = start
        while until is None or day <= until:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        return sum(
            self.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1)
        )


def china(
    years: Iterable[int],
    *,
    closures: Iterable[date] = (),
    extra_workdays: Iterable[date] = (),
    extra_years: Iterable[int] = (),
    by_rule: Iterable[int] = (),
) -> WorkingCalendar:
    """China's calendar for `years` that are published, plus the district's overrides;
    `extra_years` are years the district vouches for with its own closures and workdays;
    `by_rule` are unpublished years reckoned from the statutory holidays alone."""
    published = set(years) & published_years()
    known = published | set(extra_years)
    provisional = set(by_rule) - known
    statutory = holidays.China(years=sorted(published | provisional))
    return WorkingCalendar(
        years=frozenset(known),
        days_off=frozenset(statutory) | frozenset(closures),
        workdays=frozenset(d for d in statutory.weekend_workdays if d.year in known)
        | frozenset(extra_workdays),
        provisional=frozenset(provisional),
    )


def of_district(policy: CalendarPolicy) -> WorkingCalendar:
    """A district's calendar (its `calendar:` section): every published year, plus those it
    vouches for, plus the next years reckoned by rule unless it refuses to guess."""
    known = published_years() | set(policy.vouched_years)
    after = max(known) + 1
    return china(
        known,
        closures=policy.closures,
        extra_workdays=policy.workdays,
        extra_years=policy.vouched_years,
        by_rule=range(after, after + BY_RULE_YEARS) if policy.guesses else (),
    )


def deadline(calendar: WorkingCalendar, start: datetime, working_days: int) -> datetime:
    """The same time of day, `working_days` working days after `start`."""
    day = calendar.add_working_days(start.date(), working_days)
    return start.replace(year=day.year, month=day.month, day=day.day)
