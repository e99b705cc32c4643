"""Property companies (物业服务企业) judged at year end, as Red Property does (seed 002): the
ratings of their compounds' property matters (the district's property_categories, counted for
the company whose grids hold the case) and the marks the community gives them on inspection,
weighed by `property_weights` into a score out of 100 and ranked; and each company's integrity
file (诚信档案): every rating month, inspection and yellow card, in order."""

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from scoring.assessment import CONTENT, VERDICTS
from scoring.assessment_config import Assessment, PropertyCompany
from scoring.model import assessment_facts, assessments, property_inspections

facts, inspections = assessment_facts, property_inspections


class NotFound(LookupError):
    """No such company, or none of the organiser's community."""


@dataclass(frozen=True)
class Inspection:
    company: str
    inspected_on: date
    mark: float  # out of 100
    note: str | None = None


def company(assessment: Assessment, code: str, community: str | None = None) -> PropertyCompany:
    """The company `code`; NotFound if the district names none, or (given) not of `community`."""
    found = assessment.property_companies.get(code)
    if found is None or community not in (None, found.community):
        raise NotFound(f"no property company {code!r}" + (f" in {community}" if community else ""))
    return found


def record(
    session: Session, wanted: Inspection, by: str, assessment: Assessment, now: datetime
) -> dict[str, Any]:
    """An organiser's inspection of a company of its own community (`by`: the community)."""
    company(assessment, wanted.company, by)
    values = {**asdict(wanted), "community": by, "entered_by": by, "at": now}
    new = session.execute(insert(inspections).values(**values)).inserted_primary_key
    return {"id": new[0], **values}


def ranking(session: Session, year: int, assessment: Assessment) -> list[dict[str, Any]]:
    """Every company's year, best first; a company with nothing to judge has no score or rank."""
    rows = [_year_of(session, code, year, assessment) for code in assessment.property_companies]
    rows.sort(key=lambda row: (row["score"] is None, -(row["score"] or 0), row["company"]))
    scored = [row for row in rows if row["score"] is not None]
    return [{**row, "rank": scored.index(row) + 1 if row in scored else None} for row in rows]


def _year_of(session: Session, code: str, year: int, assessment: Assessment) -> dict[str, Any]:
    found = assessment.property_companies[code]
    verdicts = Counter(row["verdict"] for row in _ratings(session, found, assessment, f"{year}-"))
    rated = sum(verdicts.values())
    satisfaction = sum(verdicts[v] for v in CONTENT) / rated if rated else None
    marks = [row["mark"] for row in _inspections(session, code, year)]
    mark = sum(marks) / len(marks) if marks else None
    figures = {"satisfaction": None if satisfaction is None else 100 * satisfaction}
    return {
        "company": code,
        "name": found.name,
        "community": found.community,
        "ratings": {"count": rated, **{v: verdicts[v] for v in VERDICTS}},
        "satisfaction": satisfaction,
        "inspections": len(marks),
        "inspection_mark": mark,
        "score": _score(figures | {"inspection": mark}, assessment.property_weights),
    }


def _score(figures: dict[str, float | None], weights) -> float | None:
    weighed = [(weights.get(k, 0.0), v) for k, v in figures.items() if v is not None]
    total = sum(weight for weight, _ in weighed)
    return round(sum(w * v for w, v in weighed) / total, 1) if total else None


def file_of(session: Session, code: str, assessment: Assessment) -> list[dict[str, Any]]:
    """The company's integrity file: its entries in the order they happened."""
    found = company(assessment, code)
    entries = _rating_months(session, found, assessment)
    entries += [_inspected(row) for row in _inspections(session, code)]
    cards = select(assessments).where(assessments.c.owner_id == code, assessments.c.card)
    entries += [_carded(row) for row in session.execute(cards).mappings()]
    return sorted(entries, key=lambda entry: (entry["on"], entry["kind"]))


def _rating_months(session, found: PropertyCompany, assessment) -> list[dict[str, Any]]:
    by_month: dict[str, list] = {}
    for row in _ratings(session, found, assessment, ""):
        by_month.setdefault(row["month"], []).append(row)
    return [
        {
            "kind": "ratings",
            "on": max(row["at"] for row in rows).date().isoformat(),
            "month": month,
            "ratings": {"count": len(rows), **_verdicts(rows)},
        }
        for month, rows in by_month.items()
    ]


def _verdicts(rows) -> dict[str, int]:
    counted = Counter(row["verdict"] for row in rows)
    return {verdict: counted[verdict] for verdict in VERDICTS}


def _inspected(row) -> dict[str, Any]:
    on = row["inspected_on"].isoformat()
    return {"kind": "inspection", "on": on, "mark": row["mark"], "note": row["note"]}


def _carded(row) -> dict[str, Any]:
    on = row["at"].date().isoformat()
    return {"kind": "yellow_card", "on": on, "month": row["month"], "score": row["score"]}


def _ratings(session, found: PropertyCompany, assessment: Assessment, month_prefix: str):
    query = select(facts).where(
        facts.c.fact == "rated",
        facts.c.category.in_(assessment.property_categories),
        facts.c.grid.in_(found.grids),
        facts.c.month.startswith(month_prefix),
    )
    return list(session.execute(query.order_by(facts.c.at)).mappings())


def _inspections(session: Session, code: str, year: int | None = None):
    query = select(inspections).where(inspections.c.company == code)
    if year is not None:
        first, last = date(year, 1, 1), date(year, 12, 31)
        query = query.where(inspections.c.inspected_on.between(first, last))
    return list(session.execute(query.order_by(inspections.c.inspected_on)).mappings())
