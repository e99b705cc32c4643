"""Scoring's decisions. For now: record that a resident reported, for points rules to come."""

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from scoring.model import participations


def record_report(event: Event, *, session: Session, outbox: Outbox) -> None:
    data = event.data
    if not data.get("reporter_ref"):
        return  # anonymous reports earn nobody points
    session.execute(
        insert(participations).values(
            participant_ref=data["reporter_ref"],
            kind="reported",
            subject=data["report_id"],
            occurred_at=datetime.fromisoformat(data["submitted_at"]),
        )
    )


def record_co_report(event: Event, *, session: Session, outbox: Outbox) -> None:
    """A co-report (附议) is taking part too."""
    data = event.data
    if not data.get("reporter_ref"):
        return
    session.execute(
        insert(participations).values(
            participant_ref=data["reporter_ref"],
            kind="co_reported",
            subject=data["report_id"],
            occurred_at=datetime.fromisoformat(data["submitted_at"]),
        )
    )
