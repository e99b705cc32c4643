"""API keys for the services' HTTP APIs: `gz_` secrets kept only as hashes, each with a holder
name and a role. Every keyed service has its own `api_keys` table (from `api_keys_table`) and
its own roles; the functions here take the table. Plain functions, no nameko."""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Engine, MetaData, String, Table, insert, select, update
from sqlalchemy.orm import Session

PREFIX = "gz_"
NAME_LENGTH = 200


@dataclass(frozen=True)
class Holder:
    """Who a live key was issued to, and in which role."""

    key_id: str
    name: str
    role: str


def new_key() -> str:
    """A fresh secret key: `gz_` and 256 random bits, shown to its holder once."""
    while True:
        body = secrets.token_urlsafe(32)
        # An id starting with "-" would be taken for an option by `gongzhi keys revoke`.
        if not body.startswith("-"):
            return PREFIX + body


def key_id(key: str) -> str:
    """A short public name of a key, for listing and revoking without the secret."""
    return key.removeprefix(PREFIX)[:8]


def hash_key(key: str) -> str:
    """What is stored instead of the key."""
    # Keys are 256 random bits, not passwords: a slow KDF would add nothing but latency.
    return hashlib.sha256(key.encode()).hexdigest()


def matches(key: str, stored_hash: str) -> bool:
    """Whether `key` is the one behind `stored_hash`, in constant time."""
    return hmac.compare_digest(hash_key(key), stored_hash)


def api_keys_table(metadata: MetaData) -> Table:
    """A service's `api_keys` table: only a hash is kept; `key_id` names a key without it."""
    return Table(
        "api_keys",
        metadata,
        Column("key_id", String(32), primary_key=True),
        Column("name", String(NAME_LENGTH), nullable=False),
        Column("role", String(30), nullable=False),
        Column("key_hash", String(64), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("revoked_at", DateTime(timezone=True)),
    )


def holder_of(session: Session, table: Table, key: str) -> Holder | None:
    """The holder of a live key; None for a missing, unknown or revoked one."""
    if not key:
        return None
    row = session.execute(
        select(table.c.name, table.c.role, table.c.key_hash).where(
            table.c.key_id == key_id(key), table.c.revoked_at.is_(None)
        )
    ).first()
    if row is None or not matches(key, row.key_hash):
        return None
    return Holder(key_id(key), row.name, row.role)


def issue(engine: Engine, table: Table, name: str, role: str, *, roles: Sequence[str]) -> str:
    """A new key for `name` in `role` (one of `roles`); only its hash is kept, so this is the
    one time it shows. ValueError for an unknown role or an empty or overlong name."""
    if role not in roles:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(roles)}")
    if not name.strip() or len(name) > NAME_LENGTH:
        raise ValueError(f"a holder name must have 1 to {NAME_LENGTH} characters, not {len(name)}")
    key = new_key()
    with engine.begin() as connection:
        connection.execute(
            insert(table).values(
                key_id=key_id(key),
                name=name,
                role=role,
                key_hash=hash_key(key),
                created_at=datetime.now(UTC),
            )
        )
    return key


def listed(engine: Engine, table: Table) -> list[dict]:
    """Every key, oldest first, without its hash: key_id, name, role, created_at, revoked_at."""
    columns = (table.c.key_id, table.c.name, table.c.role, table.c.created_at, table.c.revoked_at)
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).order_by(table.c.created_at)).mappings()
        return [dict(row) for row in rows]


def revoke(engine: Engine, table: Table, key_id: str) -> bool:
    """Revoke a live key by its id; False when there is no live key of that id."""
    with engine.begin() as connection:
        done = connection.execute(
            update(table)
            .where(table.c.key_id == key_id, table.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
    return done.rowcount == 1
