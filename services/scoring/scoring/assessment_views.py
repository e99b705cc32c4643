"""Counting a month's facts (assessment_facts.py) per owner or per community into `Counts`,
and the month as the HTTP API shows it: every owner's figures and score, each community's
figures, and one department's month with its ratings by verdict and its card."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from scoring.assessment import VERDICTS, Counts, figures_of, month_score
from scoring.assessment_plan import Plan
from scoring.model import assessed_months, assessment_facts, assessments

facts = assessment_facts
Key = Callable[[RowMapping], Any]


def by_owner(row: RowMapping) -> tuple[str, str]:
    return (row["owner_kind"], row["owner_id"])


def by_community(row: RowMapping) -> str | None:
    return row["community"]


def month_counts(session: Session, month: str, key: Key, *where) -> dict[Any, Counts]:
    """Each owner's (or community's) Counts of `month`: a received case counts as resolved if
    the same owner resolved it by the month's end; a resolved one as reopened if it ever was.
    `where`: further conditions on the month's facts (one owner's alone)."""
    query = select(facts).where(facts.c.month == month, *where)
    rows = session.execute(query).mappings().all()
    received = {row["issue_id"] for row in rows if row["fact"] == "received"}
    resolved = {row["issue_id"] for row in rows if row["fact"] == "resolved"}
    resolved_by = {
        (row["issue_id"], key(row))
        for row in _facts(session, "resolved", received, facts.c.month <= month)
    }
    reopened = {row["issue_id"] for row in _facts(session, "reopened", resolved)}
    grouped: dict[Any, list[RowMapping]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return {
        group: _count(found, {i for i, g in resolved_by if g == group}, reopened)
        for group, found in grouped.items()
    }


def _count(rows: list[RowMapping], resolved_by: set[str], reopened: set[str]) -> Counts:
    of = defaultdict(list)
    for row in rows:
        of[row["fact"]].append(row)
    received = {row["issue_id"]: row for row in of["received"]}
    resolved = {row["issue_id"] for row in of["resolved"]}
    return Counts(
        cases=len({row["issue_id"] for row in rows}),
        responses=len(of["response"]),
        responses_on_time=sum(bool(row["on_time"]) for row in of["response"]),
        replies=len(of["reply"]),
        replies_on_time=sum(bool(row["on_time"]) for row in of["reply"]),
        received=len(received),
        received_resolved=len(received.keys() & resolved_by),
        resolved=len(resolved),
        resolved_reopened=len(resolved & reopened),
        ratings=dict(Counter(row["verdict"] for row in of["rated"])),
    )


def _facts(session: Session, fact: str, issues: Iterable[str], *where) -> list[RowMapping]:
    wanted = sorted(issues)
    if not wanted:
        return []
    query = select(facts).where(facts.c.fact == fact, facts.c.issue_id.in_(wanted), *where)
    return list(session.execute(query).mappings())


def month_view(session: Session, month: str, plan: Plan) -> dict[str, Any]:
    """`GET /api/v1/assessment/{month}`: every owner's month, then every community's figures."""
    closed = _closed(session, month)
    owners = month_counts(session, month, by_owner)
    communities = month_counts(session, month, by_community)
    return {
        "month": month,
        "closed": month in _months(session, month),
        "threshold": plan.assessment.threshold,
        "owners": [
            _owner(key, counts, closed.get(key), plan) for key, counts in sorted(owners.items())
        ],
        "communities": [
            {"community": code, "cases": counts.cases, "figures": figures_of(counts)}
            for code, counts in sorted(communities.items(), key=lambda item: item[0] or "")
            if code
        ],
    }


def department_view(session: Session, month: str, department: str, plan: Plan) -> dict[str, Any]:
    """`GET /api/v1/assessment/{month}/departments/{id}`: one department's month."""
    key = ("department", department)
    counts = month_counts(session, month, by_owner).get(key, Counts())
    shown = _owner(key, counts, _closed(session, month).get(key), plan)
    return {"month": month, "threshold": plan.assessment.threshold, **shown}


def _owner(key, counts: Counts, closed: RowMapping | None, plan: Plan) -> dict[str, Any]:
    """Its figures as they stand; once the month is closed, the score it was given then."""
    kind, owner = key
    rated = sum(counts.ratings.values())
    score = closed["score"] if closed else month_score(counts, plan.assessment)
    return {
        "owner": {"kind": kind, "id": owner},
        "department": owner if kind == "department" else None,
        "cases": counts.cases,
        "ratings": {"count": rated, **{v: counts.ratings.get(v, 0) for v in VERDICTS}},
        "figures": figures_of(counts),
        "score": score,
        "closed": closed is not None,
        "card": bool(closed and closed["card"]),
    }


def _closed(session: Session, month: str) -> dict[tuple[str, str], RowMapping]:
    rows = session.execute(select(assessments).where(assessments.c.month == month)).mappings()
    return {by_owner(row): row for row in rows}


def _months(session: Session, month: str) -> set[str]:
    query = select(assessed_months.c.month).where(assessed_months.c.month == month)
    return set(session.execute(query).scalars())
