"""What routing's read API and metrics show: work queues, most urgent first, and the counts
behind the tier pyramid, the lights and the departments."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from gongzhi.district import District
from routing import cases
from routing.lifecycle import OPEN
from routing.model import clocks, co_handlers, issues, transitions

SETTLED = ("resolved", "closed")
URGENCY = case({"red": 0, "yellow": 1, "green": 2}, value=issues.c.light, else_=3)


@dataclass(frozen=True)
class Queue:
    """Whose work: an owner (kind and id), a community's grids, or a department."""

    owner: tuple[str, str] | None = None
    community: str | None = None
    department: str | None = None


@dataclass
class OpenCount:
    by_light_tier_kind: dict[tuple[str | None, str, str], int] = field(default_factory=dict)
    by_department: dict[str, int] = field(default_factory=dict)
    unscheduled: int = 0
    provisional: int = 0


def work(session: Session, queue: Queue, *, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """Open cases in the queue: red first, then yellow, then green; nearest deadline first."""
    query = (
        select(issues)
        .where(issues.c.status.in_(OPEN), _in_queue(queue))
        .order_by(URGENCY, issues.c.due_at.is_(None), issues.c.due_at, issues.c.reported_at)
        .limit(limit)
        .offset(offset)
    )
    return [_case_line(row) for row in session.execute(query).mappings()]


def case_detail(session: Session, district: District, issue_id: str) -> dict[str, Any] | None:
    if session.execute(select(issues.c.id).where(issues.c.id == issue_id)).first() is None:
        return None
    history = session.execute(
        select(transitions).where(transitions.c.issue_id == issue_id).order_by(transitions.c.id)
    ).mappings()
    return {
        **cases.announcement(session, district, issue_id),
        "history": [_transition(row) for row in history],
    }


def stats(session: Session, by: str) -> list[dict[str, Any]]:
    """`tier`: open and settled cases per tier, with each tier's share of all settled (the
    pyramid); `light`: open cases per light; `department`: open and settled per department."""
    if by == "light":
        query = select(issues.c.light, func.count()).where(issues.c.status.in_(OPEN))
        rows = session.execute(query.group_by(issues.c.light)).all()
        return [{"light": light, "open": count} for light, count in rows]
    column = issues.c.tier if by == "tier" else issues.c.owner_id
    where = issues.c.owner_kind == "department" if by == "department" else True
    counted = _open_and_settled(session, column, where)
    settled_total = sum(settled for _, settled in counted.values()) or 1
    return [
        {by: key, "open": open_, "settled": settled, "settled_share": settled / settled_total}
        for key, (open_, settled) in sorted(counted.items())
    ]


def open_count(session: Session) -> OpenCount:
    grouped = session.execute(
        select(issues.c.light, issues.c.tier, issues.c.owner_kind, func.count())
        .where(issues.c.status.in_(OPEN))
        .group_by(issues.c.light, issues.c.tier, issues.c.owner_kind)
    ).all()
    departments = Counter(_department_rows(session))
    return OpenCount(
        by_light_tier_kind={(light, tier, kind): n for light, tier, kind, n in grouped},
        by_department=dict(departments),
        unscheduled=_running_clocks(session, clocks.c.unscheduled.is_not(None)),
        provisional=_running_clocks(session, clocks.c.provisional.is_not(None)),
    )


def _running_clocks(session: Session, condition) -> int:
    query = select(func.count()).select_from(clocks).where(clocks.c.stopped_at.is_(None))
    return session.scalar(query.where(condition)) or 0


def _in_queue(queue: Queue):
    if queue.owner is not None:
        kind, owner_id = queue.owner
        return and_(issues.c.owner_kind == kind, issues.c.owner_id == owner_id)
    if queue.community is not None:
        return issues.c.community_code == queue.community
    co_handling = exists().where(
        co_handlers.c.issue_id == issues.c.id,
        co_handlers.c.owner_kind == "department",
        co_handlers.c.owner_id == queue.department,
    )
    leading = and_(issues.c.owner_kind == "department", issues.c.owner_id == queue.department)
    return or_(leading, co_handling)


def _open_and_settled(session: Session, column, where) -> dict[str, tuple[int, int]]:
    is_open = func.sum(case((issues.c.status.in_(OPEN), 1), else_=0))
    is_settled = func.sum(case((issues.c.status.in_(SETTLED), 1), else_=0))
    rows = session.execute(select(column, is_open, is_settled).where(where).group_by(column))
    return {key: (int(o or 0), int(s or 0)) for key, o, s in rows}


def _department_rows(session: Session) -> list[str]:
    leading = select(issues.c.owner_id).where(
        issues.c.status.in_(OPEN), issues.c.owner_kind == "department"
    )
    helping = (
        select(co_handlers.c.owner_id)
        .join(issues, issues.c.id == co_handlers.c.issue_id)
        .where(issues.c.status.in_(OPEN), co_handlers.c.owner_kind == "department")
    )
    return [row[0] for row in session.execute(leading.union_all(helping))]


def _case_line(row: Any) -> dict[str, Any]:
    found = cases.utc(dict(row))
    return {
        "issue_id": found["id"],
        "category": found["category"],
        "grid_code": found["grid_code"],
        "tier": found["tier"],
        "owner": {"kind": found["owner_kind"], "id": found["owner_id"]},
        "status": found["status"],
        "light": found["light"],
        "due_at": cases.iso(found["due_at"]),
        "reported_at": cases.iso(found["reported_at"]),
        "paused": found["paused_since"] is not None,
    }


def _transition(row: Any) -> dict[str, Any]:
    found = cases.utc(dict(row))
    keys = ("action", "actor", "actor_id", "from_status", "to_status", "from_owner", "to_owner")
    return {key: found[key] for key in keys} | {
        "tier": found["tier"],
        "reason": found["reason"],
        "answer": found["answer"],
        "at": cases.iso(found["at"]),
    }
