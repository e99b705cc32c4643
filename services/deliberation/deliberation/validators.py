"""The validators the schemas of `deliberation:` share (config_schema.py, process_schema.py)."""

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import marshmallow as ma

from deliberation.bodies import person_id_problem

SLUG = ma.validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", error="must be lower-case-with-hyphens")
NAME = ma.validate.Regexp(r"^[a-z][a-z0-9_]*$", error="must be lower_case_with_underscores")
TEXT = ma.validate.Length(min=1)


class Share(ma.fields.Float):
    """A share of voters: a number above 0 up to 1, or a fraction such as `2/3` (as a float,
    the same one 20/30 gives, so an exact two thirds is not missed by rounding)."""

    def __init__(self, **kwargs: Any):
        super().__init__(validate=ma.validate.Range(0, 1, min_inclusive=False), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, str) and "/" in value:
            return self._fraction(value)
        return super()._deserialize(value, attr, data, **kwargs)

    def _fraction(self, text: str) -> float:
        try:
            return float(Fraction(text.replace(" ", "")))
        except (ValueError, ZeroDivisionError):
            raise ma.ValidationError(f"{text!r} is not a share like 0.5 or 2/3") from None


def person(value: str) -> None:
    problem = person_id_problem(value)
    if problem:
        raise ma.ValidationError(problem)


def unique(key: str, what: str) -> Callable[[list[Any]], None]:
    """A validator of a list of loaded values: no two with the same `key`; the second named."""

    def validate(items: list[Any]) -> None:
        seen: set[str] = set()
        for index, item in enumerate(items):
            value = getattr(item, key)
            if value in seen:
                raise ma.ValidationError({index: {key: [f"{what} {value!r} is listed twice"]}})
            seen.add(value)

    return validate
