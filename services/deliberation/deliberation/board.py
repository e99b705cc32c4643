"""The public board's reads (两公开): a community's decisions, newest first, a page at a time,
each with what came of it (board_progress.py), and one matter with its steps, plan and vote.
Rows only; public.py shapes what the public sees.

A decision is a matter whose assembly vote has closed: the list is keyed on the vote's close
(votes.community, closed_at; index ix_votes_decided), so a page costs the same at the ten
thousandth matter as at the first."""

from datetime import datetime
from typing import Any

from sqlalchemy import Select, literal, select, tuple_
from sqlalchemy.orm import Session

from deliberation import board_progress, evaluation, heads, public
from deliberation.model import chain_entries, matters, plan_tasks, plans, votes
from deliberation.policy import Policy
from deliberation.refusals import NotFound
from deliberation.state import utc
from gongzhi import keyset

MATTER = (
    matters.c.id,
    matters.c.community,
    matters.c.title,
    matters.c.process,
    matters.c.status,
)
VOTE = (votes.c.opened_at, votes.c.closed_at, votes.c.rules, votes.c.result)
MOVES = ("raised", "stepped")  # the chain's entries that put a matter at a step


def decisions_page(
    session: Session, community: str, query: dict[str, Any], policy: Policy
) -> dict[str, Any]:
    """A page of the community's decisions as the public sees them, and the next page's
    cursor (None on the last). NotFound for a community the district does not list."""
    if community not in policy.deliberation.communities:
        raise NotFound(f"no community {community} deliberates in this district")
    limit = query["limit"]
    rows = decisions(session, community, keyset.decode(query["cursor"]), limit)
    last = rows[-1] if len(rows) == limit else None
    came = board_progress.of_page(session, [row["id"] for row in rows])
    shown = [public.matter_summary(row, policy.deliberation) | came[row["id"]] for row in rows]
    return {
        "community": community,
        "community_name": community_name(community, policy),
        "matters": shown,
        "next_cursor": keyset.encode(last["closed_at"], last["id"]) if last else None,
    }


def matter_page(session: Session, matter_id: str, policy: Policy) -> dict[str, Any]:
    """One matter as the public sees it; NotFound if there is none."""
    row = matter(session, matter_id)
    found = plan(session, matter_id)
    shown = public.matter_detail(row, history(session, matter_id), found, policy.deliberation)
    head = public.chain_head(heads.latest(session, matter_id))
    outcome = public.outcome(evaluation.outcome(session, matter_id))
    name = community_name(row["community"], policy)
    return {**shown, "community_name": name, "chain_head": head, "evaluation": outcome}


def community_name(community: str, policy: Policy) -> str:
    """The community's name in the district's grid tree (西关第一社区), or its code."""
    try:
        return policy.district.grid(community).name
    except KeyError:
        return community


def decisions(
    session: Session, community: str, after: tuple[datetime, str] | None, limit: int
) -> list[dict[str, Any]]:
    """The community's decided matters, newest decision first, after the cursor's row."""
    return [
        _utc(row) for row in session.execute(decisions_query(community, after, limit)).mappings()
    ]


def decisions_query(community: str, after: tuple[datetime, str] | None, limit: int) -> Select:
    """The rows of a page of decisions. The cursor is a row value, so the index on (community,
    closed_at) starts the page at it instead of reading every newer decision first."""
    query = (
        select(*MATTER, *VOTE)
        .join(matters, matters.c.id == votes.c.matter_id)
        .where(votes.c.community == community, votes.c.closed_at.is_not(None))
    )
    if after is not None:
        at, last_id = after
        cursor = tuple_(
            literal(at, votes.c.closed_at.type), literal(last_id, votes.c.matter_id.type)
        )
        query = query.where(tuple_(votes.c.closed_at, votes.c.matter_id) < cursor)
    return query.order_by(votes.c.closed_at.desc(), votes.c.matter_id.desc()).limit(limit)


def matter(session: Session, matter_id: str) -> dict[str, Any]:
    """The matter with its vote, if one opened; NotFound if there is none."""
    query = (
        select(*MATTER, matters.c.description, matters.c.step, matters.c.created_at, *VOTE)
        .outerjoin(votes, votes.c.matter_id == matters.c.id)
        .where(matters.c.id == matter_id)
    )
    row = session.execute(query).mappings().first()
    if row is None:
        raise NotFound(f"no matter {matter_id}")
    return _utc(row)


def history(session: Session, matter_id: str) -> list[dict[str, Any]]:
    """Each step the matter entered, and where it ended, from its chain, oldest first."""
    query = (
        select(chain_entries.c.kind, chain_entries.c.at, chain_entries.c.data)
        .where(chain_entries.c.matter_id == matter_id, chain_entries.c.kind.in_(MOVES))
        .order_by(chain_entries.c.seq)
    )
    return [_move(row) for row in session.execute(query).mappings()]


def _move(row: Any) -> dict[str, Any]:
    data, raised = row["data"], row["kind"] == "raised"
    due = None if raised or not data.get("due_at") else datetime.fromisoformat(data["due_at"])
    return {
        "step": data["step"] if raised else data["to"],
        "status": "raised" if raised else data["status"],
        "at": utc(row["at"]),
        "due_at": utc(due),
        "why": None if raised else data["why"],
    }


def plan(session: Session, matter_id: str) -> dict[str, Any] | None:
    """The matter's plan: the newest written (one sent back is written again), its tasks."""
    query = select(plans.c.id, plans.c.summary, plans.c.written_at).where(
        plans.c.matter_id == matter_id
    )
    found = session.execute(query.order_by(plans.c.id.desc()).limit(1)).mappings().first()
    if found is None:
        return None
    names = ("title", "owner_kind", "owner_id", "due_at", "state")
    columns = [plan_tasks.c[name] for name in names]
    tasks = select(*columns).where(plan_tasks.c.plan_id == found["id"]).order_by(plan_tasks.c.title)
    rows = [_utc(row) for row in session.execute(tasks).mappings()]
    return {**_utc(found), "tasks": rows}


def _utc(row: Any) -> dict[str, Any]:
    return {key: utc(value) for key, value in row.items()}
