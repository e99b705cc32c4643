"""Routing's cases promoted to a matter (案件转议题): by a supervisor (one case or several,
which deliberation must know from `routing.issue.assigned`), or by the district's rule
(`deliberation.promotion`): a case co-reported this many times, escalated to this tier, or
red this many times. Promoted cases stay linked, many cases to one matter; a case is in one
matter only. With `join_open`, a case the rule promotes joins the open promoted matter of its
community rather than opening a second one."""

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from deliberation import chain, matters
from deliberation.model import known_issues, matter_cases
from deliberation.model import matters as matters_table
from deliberation.refusals import NotFound, Refused
from deliberation.state import STATUS_OF_KIND, Matter, load
from deliberation.steps import Move

SUPERVISOR = "supervisor"
AUTO = "auto"
# Matters a case may still join: before the plan is reviewed.
JOINABLE = (STATUS_OF_KIND["propose"], STATUS_OF_KIND["deliberate"])


@dataclass(frozen=True)
class Promotion:
    issue_ids: tuple[str, ...]
    title: str
    description: str
    reason: str = SUPERVISOR  # or co_reports, escalated, red (the rule's)
    into: str | None = None  # an open matter to join, rather than a new one


def promote(promotion: Promotion, move: Move) -> Matter:
    """Link the cases to a new matter of their community (opened with them) or to `into`.
    NotFound for a case deliberation has not heard of; Refused for a case in a matter
    already, cases of different communities, or a matter that is past taking cases."""
    community = _community(move, promotion.issue_ids)
    if promotion.into is not None:
        matter = _joinable(move, promotion.into, community)
        _link(matter.id, promotion, move)
        return matter
    new = matters.NewMatter(
        community=community,
        title=promotion.title,
        description=promotion.description,
        origin="promoted",
        process=move.policy.deliberation.promoted_process(community).id,
    )
    matter = matters.create(new, move)
    _link(matter.id, promotion, move)
    return matters.open_matter(matter, list(promotion.issue_ids), move)


def _community(move: Move, issue_ids: tuple[str, ...]) -> str:
    query = select(known_issues.c.id, known_issues.c.grid_code).where(
        known_issues.c.id.in_(issue_ids)
    )
    grids = dict(move.session.execute(query).all())
    unknown = [issue_id for issue_id in issue_ids if issue_id not in grids]
    if unknown:
        raise NotFound(f"no case {', '.join(unknown)} known to deliberation")
    taken = in_matters(move.session, issue_ids)
    if taken:
        issue_id, matter_id = next(iter(taken.items()))
        raise Refused(f"case {issue_id} is in matter {matter_id} already")
    communities = {move.policy.community_of(grids[issue_id]) for issue_id in issue_ids}
    if None in communities:
        raise Refused("a case lies in no community the district lists to deliberate")
    if len(communities) > 1:
        raise Refused("the cases lie in different communities: promote each community's apart")
    return str(communities.pop())


def in_matters(session: Session, issue_ids: tuple[str, ...]) -> dict[str, str]:
    """The matter each of these cases is promoted into, if any."""
    query = select(matter_cases.c.issue_id, matter_cases.c.matter_id)
    found = session.execute(query.where(matter_cases.c.issue_id.in_(issue_ids)))
    return dict(found.all())


def _joinable(move: Move, matter_id: str, community: str) -> Matter:
    matter = load(move.session, matter_id)
    if matter.community != community:
        raise Refused(f"matter {matter_id} is another community's")
    if matter.status not in JOINABLE:
        raise Refused(f"matter {matter_id} takes no more cases: it is {matter.status}")
    return matter


def _link(matter_id: str, promotion: Promotion, move: Move) -> None:
    rows = [
        {
            "issue_id": issue_id,
            "matter_id": matter_id,
            "promoted_by": move.actor,
            "reason": promotion.reason,
            "promoted_at": move.now,
        }
        for issue_id in promotion.issue_ids
    ]
    move.session.execute(insert(matter_cases), rows)
    data = {"issue_ids": list(promotion.issue_ids), "reason": promotion.reason}
    chain.append(move.session, matter_id, "cases_promoted", move.actor, data, move.now)


def open_promoted(session: Session, community: str) -> str | None:
    """The oldest promoted matter of `community` that may still take cases, if any."""
    query = (
        select(matters_table.c.id)
        .where(
            matters_table.c.community == community,
            matters_table.c.origin == "promoted",
            matters_table.c.status.in_(JOINABLE),
        )
        .order_by(matters_table.c.created_at, matters_table.c.id)
        .limit(1)
    )
    return session.scalar(query)
