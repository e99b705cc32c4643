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
import secrets
from datetime import datetime
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.web import HttpError
from notify import events
from notify.model import webhook_deliveries, webhooks

OFFERED = tuple(t for t in events.CONSUMES if t not in events.KEPT_ONLY)


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
