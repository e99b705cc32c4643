"""Closing a month: each owner's score is worked out once from the month's facts and kept, and
a score under the threshold publishes a yellow card in the same transaction, once per owner and
month. Run by scoring's timer for the month just closed, and by `gongzhi scoring assess MONTH`."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from gongzhi.outbox import Outbox
from scoring.assessment import earns_card, figures_of, month_score
from scoring.assessment_events import YELLOW_CARD
from scoring.assessment_plan import Plan
from scoring.assessment_views import by_owner, month_counts
from scoring.model import assessed_months, assessments


@dataclass(frozen=True)
class Scored:
    month: str
    owner: tuple[str, str]  # kind, id
    score: float | None
    card: bool


def due(session: Session, plan: Plan, now: datetime) -> str | None:
    """The month the timer should close: the one just past, unless it was closed."""
    month = plan.closed_month(now)
    found = session.execute(select(assessed_months).where(assessed_months.c.month == month))
    return None if found.first() else month


def close_month(
    session: Session, outbox: Outbox, month: str, plan: Plan, now: datetime
) -> list[Scored]:
    """Score every owner of `month` not scored yet; what was scored now."""
    if not session.execute(select(assessed_months).where(assessed_months.c.month == month)).first():
        session.execute(insert(assessed_months).values(month=month, at=now))
    query = select(assessments).where(assessments.c.month == month)
    done = {by_owner(row) for row in session.execute(query).mappings()}
    counted = month_counts(session, month, by_owner)
    return [
        _score(session, outbox, month, owner, counts, plan, now)
        for owner, counts in sorted(counted.items())
        if owner not in done
    ]


def _score(session, outbox, month, owner, counts, plan: Plan, now: datetime) -> Scored:
    figures = figures_of(counts)
    score = month_score(counts, plan.assessment)
    card = earns_card(score, plan.assessment)
    kind, holder = owner
    session.execute(
        insert(assessments).values(
            month=month,
            owner_kind=kind,
            owner_id=holder,
            cases=counts.cases,
            score=score,
            threshold=plan.assessment.threshold,
            figures=figures,
            card=card,
            at=now,
        )
    )
    if card:
        card_data = {"month": month, "owner": {"kind": kind, "id": holder}, "score": score}
        card_data |= {"threshold": plan.assessment.threshold, "figures": figures}
        outbox.add(YELLOW_CARD, card_data | {"cases": counts.cases}, subject=f"{kind}:{holder}")
    return Scored(month, owner, score, card)
