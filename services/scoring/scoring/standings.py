"""A month's figures from the ledger and the claims, for rankings.py: each person's points
earned (their account's earn legs in the month), claims approved, votes rewarded, projects
done; and each community's totals. Months are the district's (ledger.Policy.month_of)."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongzhi.web import HttpError
from scoring.ledger import Policy
from scoring.model import claims, legs, people, projects, transactions
from scoring.rankings import Standing

MONTH = re.compile(r"^(20[0-9]{2})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Month:
    name: str  # 2026-12
    start: datetime  # UTC
    end: datetime


def month_of(name: str, policy: Policy) -> Month:
    """The district month `name` names (YYYY-MM); another text is a 404, as no board has it."""
    found = MONTH.match(name)
    if found is None:
        raise HttpError(404, "not_found", f"no month {name!r}: months are YYYY-MM")
    middle = datetime(int(found[1]), int(found[2]), 15, tzinfo=UTC)
    return Month(name, *policy.month_of(middle))


def earned(month: Month):
    """A person's points earned in the month, by account: a subquery on ix_legs_earned."""
    return (
        select(legs.c.account_id, func.sum(legs.c.amount).label("points"))
        .where(legs.c.kind == "earn", legs.c.at >= month.start, legs.c.at < month.end)
        .where(legs.c.amount > 0)
        .group_by(legs.c.account_id)
    )


FIELDS = ("person", "community", "grid", "role", "shown", "alias")  # Standing's first


def standings(session: Session, month: Month, community: str, vote_rules=()) -> list[Standing]:
    """Everyone of the community who earned in the month, with their figures."""
    points = earned(month).subquery()
    columns = [people.c[name] for name in FIELDS]
    query = select(*columns, points.c.points).join(
        points, points.c.account_id == people.c.account_id
    )
    rows = session.execute(query.where(people.c.community == community)).all()
    approved = _claims(session, month, community)
    votes = _votes(session, month, community, vote_rules) if vote_rules else {}
    done = _projects(session, month, community)
    return [
        Standing(*row, approved.get(row[0], 0), done.get(row[0], 0), votes.get(row[0], 0))
        for row in rows
    ]


def _claims(session: Session, month: Month, community: str) -> dict[str, int]:
    query = (
        select(claims.c.person, func.count())
        .join(people, people.c.person == claims.c.person)
        .where(people.c.community == community, claims.c.status == "approved")
        .where(claims.c.decided_at >= month.start, claims.c.decided_at < month.end)
        .group_by(claims.c.person)
    )
    return {row[0]: row[1] for row in session.execute(query)}


def _votes(session: Session, month: Month, community: str, rules) -> dict[str, int]:
    query = (
        select(people.c.person, func.count())
        .join(legs, legs.c.account_id == people.c.account_id)
        .join(transactions, transactions.c.id == legs.c.transaction_id)
        .where(people.c.community == community, transactions.c.rule.in_(rules))
        .where(legs.c.kind == "earn", legs.c.at >= month.start, legs.c.at < month.end)
        .where(legs.c.amount > 0)
        .group_by(people.c.person)
    )
    return {row[0]: row[1] for row in session.execute(query)}


def community_figures(standings: list[Standing]) -> dict[str, int]:
    """A community's month from its people's: points, active (who earned), claims, projects."""
    return {
        "points": sum(s.points for s in standings),
        "active": sum(1 for s in standings if s.points > 0),
        "claims": sum(s.claims for s in standings),
        "projects": sum(s.projects for s in standings),
    }


def _projects(session: Session, month: Month, community: str) -> dict[str, int]:
    """Projects confirmed in the month, by the person who claimed them."""
    query = (
        select(projects.c.claimant, func.count())
        .where(projects.c.community == community, projects.c.status == "confirmed")
        .where(projects.c.confirmed_at >= month.start, projects.c.confirmed_at < month.end)
        .group_by(projects.c.claimant)
    )
    found = session.execute(query).all()
    return {code.partition(":")[2]: count for code, count in found if code.startswith("person:")}
