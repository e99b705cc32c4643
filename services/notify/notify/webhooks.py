"""Other systems' subscriptions to notify's events, as signed Standard Webhooks: the
`webhooks:` part of the district's `notify:` section and what an integrator key's holder may do
with its own subscriptions (create, list, read, delete, enable again).

    webhooks: {base_seconds: 30, max_backoff_minutes: 120, max_age_hours: 24,
               timeout_seconds: 10, disable_after: 20}

The signing secret (`whsec_` and 32 random bytes in base64) is made here and shown once, in the
answer to its creation. Signing is an HMAC, so notify needs it in clear at each send: it is kept
sealed with Fernet under notify's contact key and opened only to sign (webhook_dispatch.py).
"""

import base64
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import marshmallow as ma
from cryptography.fernet import Fernet
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.web import HttpError
from notify import events
from notify.model import webhook_deliveries, webhooks

OFFERED = tuple(t for t in events.CONSUMES if t not in events.KEPT_ONLY)


@dataclass(frozen=True)
class WebhookPolicy:
    """How long an event is tried at a subscription before it is `failed` (backoff doubling
    from `base_seconds` up to `max_backoff_minutes`, for `max_age_hours`), how long one send may
    take, and after how many consecutive failures the subscription is disabled."""

    base_seconds: float = 30.0
    max_backoff_minutes: float = 120.0
    max_age_hours: float = 24.0
    timeout_seconds: float = 10.0
    disable_after: int = 20

    def backoff(self, attempts: int) -> timedelta:
        seconds = min(self.base_seconds * 2 ** (attempts - 1), self.max_backoff_minutes * 60)
        return timedelta(seconds=seconds * random.uniform(0.75, 1.25))


class WebhookPolicySchema(ma.Schema):
    base_seconds = ma.fields.Float(load_default=30.0, validate=ma.validate.Range(min=0.01))
    max_backoff_minutes = ma.fields.Float(load_default=120.0, validate=ma.validate.Range(min=0))
    max_age_hours = ma.fields.Float(load_default=24.0, validate=ma.validate.Range(min=0))
    timeout_seconds = ma.fields.Float(
        load_default=10.0, validate=ma.validate.Range(min=0.1, max=60)
    )
    disable_after = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1))

    @ma.post_load
    def _policy(self, fields: dict[str, Any], **_: Any) -> WebhookPolicy:
        return WebhookPolicy(**fields)


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def seal(secret: str, key: bytes) -> str:
    return Fernet(key).encrypt(secret.encode()).decode()


def unseal(token: str, key: bytes) -> str:
    return Fernet(key).decrypt(token.encode()).decode()


def subscribe(
    session: Session, holder: str, wanted: dict[str, Any], key: bytes, now: datetime
) -> dict[str, Any]:
    """A new subscription of `holder`'s, enabled; with its secret in clear, this once."""
    secret = new_secret()
    values = {
        "holder": holder,
        "url": wanted["url"],
        "event_types": sorted(set(wanted["event_types"])),
        "secret": seal(secret, key),
        "enabled": True,
        "failures": 0,
        "created_at": now,
        "updated_at": now,
    }
    made = session.execute(insert(webhooks).values(**values).returning(webhooks.c.id)).scalar_one()
    return {**own(session, holder, made), "secret": secret}


def owned(session: Session, holder: str) -> list[dict[str, Any]]:
    w = webhooks.c
    rows = session.execute(select(webhooks).where(w.holder == holder).order_by(w.id)).mappings()
    return [_shown(row) for row in rows]


def own(session: Session, holder: str, webhook_id: int) -> dict[str, Any]:
    """`holder`'s subscription `webhook_id`; 404 if there is none of theirs by that id (another
    holder's is not told apart from none)."""
    w = webhooks.c
    row = (
        session.execute(select(webhooks).where(w.id == webhook_id, w.holder == holder))
        .mappings()
        .first()
    )
    if row is None:
        raise HttpError(404, "not_found", f"no webhook {webhook_id} of yours")
    return _shown(row)


def unsubscribe(session: Session, holder: str, webhook_id: int) -> None:
    """The subscription and everything still owed to it go: there is nowhere left to send it."""
    own(session, holder, webhook_id)
    session.execute(delete(webhook_deliveries).where(webhook_deliveries.c.webhook_id == webhook_id))
    session.execute(delete(webhooks).where(webhooks.c.id == webhook_id))


def enable(session: Session, holder: str, webhook_id: int, now: datetime) -> dict[str, Any]:
    """Enabled again with a clean slate: what is pending is due now, in order, each with its
    full retry budget."""
    own(session, holder, webhook_id)
    session.execute(
        update(webhooks)
        .where(webhooks.c.id == webhook_id)
        .values(enabled=True, failures=0, disabled_reason=None, updated_at=now)
    )
    d = webhook_deliveries.c
    session.execute(
        update(webhook_deliveries)
        .where(d.webhook_id == webhook_id, d.status.in_(("pending", "sending")))
        .values(status="pending", due_at=now, since=now, attempts=0)
    )
    return own(session, holder, webhook_id)


def _shown(row: Any) -> dict[str, Any]:
    shown = {name: value for name, value in dict(row).items() if name != "secret"}
    return {**shown, "created_at": as_utc(row["created_at"])}
