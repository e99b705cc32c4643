"""What intake refuses, and why, whatever the channel. Plain functions, no nameko."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gongzhi.district import Attribute, Category, District
from gongzhi.plain_text import has_html
from intake.config import intake_of

MAX_DESCRIPTION = 4000


@dataclass(frozen=True)
class Problem:
    code: str  # machine-readable, e.g. "description_too_long"
    field: str
    message: str


class Refused(Exception):
    """The report cannot be taken; every problem found is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


class Emergency(Refused):
    """An answer that means the resident must call 110/119/120 now, not wait for a grid."""


def check(report: dict[str, Any], district: District, inside: bool) -> dict[str, Any]:
    """The report's attributes, typed; raises Refused (or Emergency) with every problem."""
    problems = _description(report.get("description") or "")
    if not inside:
        problems.append(
            Problem("outside_district", "location", f"the location is outside {district.name}")
        )
    category = district.categories.get(report["category"])
    if category is None:
        problems.append(
            Problem("unknown_category", "category", f"unknown category {report['category']!r}")
        )
        raise Refused(problems)
    typed, attribute_problems = _attributes(category, report.get("attributes") or {})
    if _stopped(category, typed):
        raise Emergency([Problem("emergency", "attributes", intake_of(district).emergency_notice)])
    if problems + attribute_problems:
        raise Refused(problems + attribute_problems)
    return typed


def _description(text: str) -> list[Problem]:
    problems = []
    if len(text) > MAX_DESCRIPTION:
        problems.append(
            Problem(
                "description_too_long",
                "description",
                f"at most {MAX_DESCRIPTION} characters, not {len(text)}",
            )
        )
    if has_html(text):
        problems.append(Problem("html_not_allowed", "description", "no HTML, plain text only"))
    return problems


def _attributes(category: Category, given: dict[str, Any]) -> tuple[dict, list[Problem]]:
    typed, problems = {}, []
    known = {a.code: a for a in category.attributes if a.variable}
    for code in sorted(set(given) - set(known)):
        problems.append(Problem("unknown_attribute", f"attribute[{code}]", "unknown attribute"))
    for attribute in known.values():
        value = given.get(attribute.code)
        if value in (None, "", []):
            if attribute.required:
                problems.append(_problem(attribute, "is required"))
            continue
        try:
            typed[attribute.code] = _typed(attribute, value)
        except ValueError as error:
            problems.append(_problem(attribute, str(error)))
    return typed, problems


def _typed(attribute: Attribute, value: Any) -> Any:
    kind = attribute.datatype
    if kind == "number":
        return float(value)
    if kind == "datetime":
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if moment.tzinfo is None:
            raise ValueError("a datetime needs its timezone")
        return moment.isoformat()
    if kind.endswith("valuelist"):
        return _listed(attribute, value)
    return str(value)


def _listed(attribute: Attribute, value: Any) -> str | list[str]:
    keys = {v.key for v in attribute.values}
    chosen = value if isinstance(value, list) else [value]
    if attribute.datatype == "singlevaluelist" and len(chosen) != 1:
        raise ValueError("takes exactly one value")
    unknown = [str(key) for key in chosen if str(key) not in keys]
    if unknown:
        raise ValueError(f"{', '.join(unknown)} not among {', '.join(sorted(keys))}")
    keys_chosen = [str(key) for key in chosen]
    return keys_chosen[0] if attribute.datatype == "singlevaluelist" else keys_chosen


def _stopped(category: Category, typed: dict[str, Any]) -> bool:
    for attribute in category.attributes:
        chosen = typed.get(attribute.code)
        chosen = chosen if isinstance(chosen, list) else [chosen]
        if any(v.stopper and v.key in chosen for v in attribute.values):
            return True
    return False


def _problem(attribute: Attribute, message: str) -> Problem:
    return Problem("invalid_attribute", f"attribute[{attribute.code}]", message)
