"""Deliberation's decisions. For now: remember each issue, so a council can be proposed on it."""

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from deliberation.model import known_issues
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox


def remember_issue(event: Event, *, session: Session, outbox: Outbox) -> None:
    data = event.data
    session.execute(
        insert(known_issues).values(
            id=data["issue_id"],
            category=data["category"],
            grid_code=(data.get("grid") or {}).get("code"),
            tier=data["tier"],
            assigned_at=datetime.fromisoformat(data["assigned_at"]),
        )
    )
