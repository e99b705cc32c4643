"""Delivery receipts: a gateway that calls back (an SMS gateway's status report) says whether a
message it took reached the phone. The receipt names the gateway's own id of the message (the
`provider_id` its answer gave, kept on the attempt): `delivered` settles a sent message;
`failed` marks that try failed and sends the message on to the next channel of its chain. A
receipt for a message already settled, or that nobody sent, changes nothing (gateways repeat
themselves)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from notify import settling
from notify.model import deliveries, delivery_attempts

OUTCOMES = ("delivered", "failed")


@dataclass(frozen=True)
class Receipt:
    provider_id: str
    status: str  # delivered, failed
    error: str | None = None


def apply(session: Session, receipt: Receipt, now: datetime) -> str:
    """What the receipt did: delivered, next_channel, failed, or unknown (no sent message has
    that id) or settled (it was settled before)."""
    a, d = delivery_attempts.c, deliveries.c
    found = (
        session.execute(
            select(deliveries, a.id.label("attempt_id"))
            .join(delivery_attempts, a.delivery_id == d.id)
            .where(a.provider_id == receipt.provider_id, a.outcome == "sent")
            .order_by(a.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    if found is None:
        return "unknown"
    if found["status"] != "sent":
        return "settled"
    if receipt.status == "delivered":
        return settling.delivered(session, found, now)
    error = f"the gateway reports it undelivered: {receipt.error or 'no reason given'}"[:300]
    session.execute(
        update(delivery_attempts)
        .where(a.id == found["attempt_id"])
        .values(outcome="failed", error=error)
    )
    return settling.next_channel(session, found, error, now)
