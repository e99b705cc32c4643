"""Deliberation's decisions. For now: remember each issue, so a council can be proposed on it."""

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from deliberation.model import known_issues
from gongzhi.clock import as_utc
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox


def remember_issue(event: Event, *, session: Session, outbox: Outbox) -> None:
    """Keep each issue's latest tier: it is assigned once, then maybe moved (transfer,
    escalation, return); a move older than the one kept is ignored."""
    data = event.data
    values = {
        "category": data["category"],
        "grid_code": (data.get("grid") or {}).get("code"),
        "tier": data["tier"],
        "assigned_at": datetime.fromisoformat(data["assigned_at"]),
    }
    known = session.execute(
        select(known_issues.c.assigned_at).where(known_issues.c.id == data["issue_id"])
    ).first()
    if known is None:
        session.execute(insert(known_issues).values(id=data["issue_id"], **values))
    elif as_utc(known.assigned_at) <= values["assigned_at"]:
        statement = update(known_issues).where(known_issues.c.id == data["issue_id"])
        session.execute(statement.values(**values))
