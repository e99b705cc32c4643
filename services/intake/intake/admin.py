"""API keys from the command line (`gongzhi keys ...`): issue one (shown once), list, revoke."""

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update

from intake import keys
from intake.model import api_keys


def issue(engine: Engine, name: str, role: str) -> str:
    """A new key for `name` in `role`; only its hash is kept, so this is the one time it shows."""
    if role not in keys.ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(keys.ROLES)}")
    key = keys.new_key()
    with engine.begin() as connection:
        connection.execute(
            insert(api_keys).values(
                key_id=keys.key_id(key),
                name=name,
                role=role,
                key_hash=keys.hash_key(key),
                created_at=datetime.now(UTC),
            )
        )
    return key


def listed(engine: Engine) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                api_keys.c.key_id,
                api_keys.c.name,
                api_keys.c.role,
                api_keys.c.created_at,
                api_keys.c.revoked_at,
            ).order_by(api_keys.c.created_at)
        ).mappings()
        return [dict(row) for row in rows]


def revoke(engine: Engine, key_id: str) -> bool:
    with engine.begin() as connection:
        done = connection.execute(
            update(api_keys)
            .where(
                api_keys.c.key_id == key_id,
                api_keys.c.revoked_at.is_(None),
            )
            .values(revoked_at=datetime.now(UTC))
        )
    return done.rowcount == 1
