"""The `calendar:` section of `district.yaml`: the district's working-day calendar, which every
service that sets working-day deadlines reads (see `gongzhi.workdays`). It may be left out."""

from dataclasses import dataclass
from datetime import date, time
from typing import Any

import marshmallow as ma

UNPUBLISHED = ("provisional", "refuse")


@dataclass(frozen=True)
class CalendarPolicy:
    working_hours: tuple[time, time] = (time(8, 30), time(17, 30))
    closures: tuple[date, ...] = ()  # the district's own days off
    workdays: tuple[date, ...] = ()  # days worked that would otherwise be off
    vouched_years: tuple[int, ...] = ()  # unpublished years the district lists days off for
    # The years after those: reckoned by rule and marked provisional, or refused.
    unpublished_years: str = "provisional"

    @property
    def guesses(self) -> bool:
        return self.unpublished_years == "provisional"


class ClockTime(ma.fields.Field[time]):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **_: Any) -> time:
        try:
            return time.fromisoformat(str(value))
        except ValueError:
            raise ma.ValidationError(f"{value!r} is not a time like 08:30") from None


class Day(ma.fields.Field[date]):
    """YAML reads 2026-10-01 as a date already; a quoted one is parsed."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **_: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ma.ValidationError(f"{value!r} is not a date like 2026-10-01") from None


class CalendarSchema(ma.Schema):
    working_hours = ma.fields.List(ClockTime(), validate=ma.validate.Length(equal=2))
    closures = ma.fields.List(Day(), load_default=list)
    workdays = ma.fields.List(Day(), load_default=list)
    vouched_years = ma.fields.List(
        ma.fields.Integer(strict=True, validate=ma.validate.Range(2001, 2100)), load_default=list
    )
    unpublished_years = ma.fields.String(validate=ma.validate.OneOf(UNPUBLISHED))

    @ma.validates("working_hours")
    def _day_not_empty(self, value: list[time], **_: Any) -> None:
        if value[0] >= value[1]:
            raise ma.ValidationError("working hours must end after they start")

    @ma.post_load
    def _calendar(self, fields: dict[str, Any], **_: Any) -> CalendarPolicy:
        lists = {key: tuple(value) for key, value in fields.items() if isinstance(value, list)}
        return CalendarPolicy(**(fields | lists))
