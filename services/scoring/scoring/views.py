"""Scoring's reads: a person, an account with its balance, limits and latest entries, claims,
anomaly flags. The access checks of what belongs to whom are the entrypoint's (access.py)."""

from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from gongzhi.web import HttpError
from scoring import accounts, ledger
from scoring.config import Scoring
from scoring.model import accounts as accounts_table
from scoring.model import claims, flags, legs, people, transactions

ENTRIES = 50  # an account's latest entries shown with it


def person(session: Session, person_id: str) -> dict[str, Any]:
    found = accounts.person_of(session, person_id)
    if found is None:
        raise HttpError(404, "not_found", f"no person {person_id!r} is registered")
    balance = ledger.balance(session, found.account_id)
    fields = ("person", "community", "role", "grid", "shown", "alias")
    return {**{f: getattr(found, f) for f in fields}, "account": found.code, "balance": balance}


def account(session: Session, code: str) -> Row:
    found = session.execute(select(accounts_table).where(accounts_table.c.code == code)).first()
    if found is None:
        raise HttpError(404, "not_found", f"no account {code!r}")
    return found


def account_view(session: Session, found: Row, scoring: Scoring) -> dict[str, Any]:
    limits = scoring.limits_of(found.kind, found.role, found.community)
    query = (
        select(legs.c.transaction_id.label("transaction"), legs.c.kind, transactions.c.rule)
        .add_columns(legs.c.amount, legs.c.at)
        .join(transactions, transactions.c.id == legs.c.transaction_id)
        .where(legs.c.account_id == found.id)
        .order_by(legs.c.id.desc())
        .limit(ENTRIES)
    )
    entries = [dict(row) for row in session.execute(query).mappings()]
    fields = ("code", "kind", "community", "role")
    return {
        **{f: getattr(found, f) for f in fields},
        "balance": ledger.balance(session, found.id),
        "limits": asdict(limits),
        "entries": entries,
    }


def claims_of(session: Session, community: str | None, status: str | None) -> list[dict]:
    """Claims, newest first: of one community's people (None: every community's)."""
    query = select(claims).join(people, people.c.person == claims.c.person)
    if community is not None:
        query = query.where(people.c.community == community)
    if status is not None:
        query = query.where(claims.c.status == status)
    rows = session.execute(query.order_by(claims.c.id.desc()).limit(200)).mappings()
    return [dict(row) for row in rows]


def flag_list(session: Session) -> list[dict]:
    query = (
        select(accounts_table.c.code.label("account"), flags.c.month, flags.c.earned)
        .add_columns(flags.c.norm, flags.c.at)
        .join(accounts_table, accounts_table.c.id == flags.c.account_id)
        .order_by(flags.c.id.desc())
        .limit(200)
    )
    return [dict(row) for row in session.execute(query).mappings()]
