"""Monthly ledgers and reports (台账/报表): the tables of an export, read from scoring's
database a batch at a time (never a whole month in memory), for export_files.py to write as
CSV or XLSX. Three kinds:

- ratings: each rating of the month (case, verdict, source, reasons, owner, department,
  community, when), never its comment or the resident who gave it;
- assessments: each owner's figures of the month over the scope's cases, its score and card;
- ledger: every posting leg of the month on an account of the scope, then each account's
  opening balance, what came in and went out, and its closing balance.

A table's totals row sums its `summed` columns and counts its rows under `counted`."""

from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring import export_ledger
from scoring.assessment import figures_of, month_score
from scoring.assessment_config import FIGURES
from scoring.assessment_plan import Plan, is_month
from scoring.assessment_views import by_owner, month_counts
from scoring.export_scope import BadScope, Scopes
from scoring.export_tables import Export, Table, in_scope, local, stream
from scoring.model import assessment_facts, assessments, rated_cases, ratings

KINDS = ("ratings", "assessments", "ledger")


class BadExport(ValueError):
    """An export asked for wrongly: `code` says what (unknown_kind, invalid_month, ...)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def export_of(scopes: Scopes, kind: str, month: str, scope: str) -> Export:
    """What `GET /api/v1/exports/{kind}/{month}.{format}?scope=` asks for, e.g.
    export_of(scopes, "ledger", "2026-11", "street:620502001"), or BadExport."""
    if kind not in KINDS:
        raise BadExport("unknown_kind", f"no export {kind!r} (kinds: {', '.join(KINDS)})")
    if not is_month(month):
        raise BadExport("invalid_month", f"{month!r} is no month like 2026-11")
    try:
        found = scopes.parse(scope)
    except BadScope as error:
        raise BadExport("unknown_scope", str(error)) from error
    start, end = scopes.month(month)
    return Export(kind, month, found, start, end, scopes.zone)


def tables(session: Session, wanted: Export, plan: Plan) -> list[Table]:
    """The export's tables, their rows read as they are written."""
    if wanted.kind == "ratings":
        return [ratings_table(session, wanted)]
    if wanted.kind == "assessments":
        return [assessments_table(session, wanted, plan)]
    return export_ledger.tables(session, wanted)


def ratings_table(session: Session, wanted: Export) -> Table:
    query = (
        select(
            ratings.c.rated_at,
            ratings.c.issue_id,
            ratings.c.round,
            ratings.c.verdict,
            ratings.c.source,
            ratings.c.reasons,
            rated_cases.c.owner_kind,
            rated_cases.c.owner_id,
            rated_cases.c.community,
        )
        .join(rated_cases, rated_cases.c.issue_id == ratings.c.issue_id)
        .where(ratings.c.rated_at >= wanted.start, ratings.c.rated_at < wanted.end)
        .where(*in_scope(rated_cases.c.community, wanted.scope))
        .order_by(ratings.c.rated_at, ratings.c.id)
    )
    header = ("rated_at", "case", "round", "verdict", "source", "reasons", "owner")
    return Table(
        "ratings",
        (*header, "department", "community"),
        (_rating(row, wanted.zone) for row in stream(session, query)),
        counted="case",
    )


def _rating(row, zone: ZoneInfo) -> tuple[Any, ...]:
    department = row.owner_id if row.owner_kind == "department" else ""
    owner = f"{row.owner_kind}:{row.owner_id}"
    at = local(row.rated_at, zone)
    head = (at, row.issue_id, row.round, row.verdict, row.source, row.reasons, owner)
    return (*head, department, row.community or "")


def assessments_table(session: Session, wanted: Export, plan: Plan) -> Table:
    """Each owner's month over the scope's cases; the district's score and card once closed."""
    where = in_scope(assessment_facts.c.community, wanted.scope)
    counts = month_counts(session, wanted.month, by_owner, *where)
    closed = _closed(session, wanted.month) if wanted.scope.codes is None else {}
    cards = _cards(session, wanted.month)

    def rows() -> Iterator[tuple[Any, ...]]:
        for (kind, owner), month in sorted(counts.items()):
            figures = figures_of(month)
            score = closed.get((kind, owner), month_score(month, plan.assessment))
            shown = tuple(_rounded(figures[name]) for name in FIGURES)
            card = "yes" if cards.get((kind, owner)) else ""
            yield (f"{kind}:{owner}", month.cases, *shown, score, card)

    header = ("owner", "cases", *FIGURES, "score", "yellow_card")
    return Table("assessments", header, rows(), summed=("cases",))


def _closed(session: Session, month: str) -> dict[tuple[str, str], float | None]:
    query = select(assessments).where(assessments.c.month == month)
    return {by_owner(row): row["score"] for row in session.execute(query).mappings()}


def _cards(session: Session, month: str) -> dict[tuple[str, str], bool]:
    query = select(assessments).where(assessments.c.month == month, assessments.c.card)
    return {by_owner(row): True for row in session.execute(query).mappings()}


def _rounded(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 4)
