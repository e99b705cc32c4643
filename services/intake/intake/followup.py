"""A reporter's follow-up token: a secret for one report alone, answered once in the 201 of
its submission and kept only as a hash (like an API key). Its holder comments, adds photos and
reads that report in full. Plain functions, no nameko."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from gongzhi.apikeys import hash_key
from intake.model import follow_up_tokens

HEADER = "X-Follow-Up-Token"
PREFIX = "gzf_"


@dataclass(frozen=True)
class Grant:
    """What a live token opens: its report; a co-reporter's (附议) joined another's case."""

    report_id: str
    co_report: bool


def issue(session: Session, report_id: str, *, co_report: bool, now: datetime) -> str:
    """A fresh token for `report_id`, shown to its reporter once: only its hash is kept."""
    token = PREFIX + secrets.token_urlsafe(32)
    session.execute(
        insert(follow_up_tokens).values(
            token_hash=hash_key(token), report_id=report_id, co_report=co_report, created_at=now
        )
    )
    return token


def grant(session: Session, report_id: str | None, token: str) -> Grant | None:
    """What `token` opens of `report_id`; None for no token, a wrong one or another report's."""
    if not token or report_id is None:
        return None
    t = follow_up_tokens.c
    row = session.execute(
        select(t.co_report).where(t.token_hash == hash_key(token), t.report_id == report_id)
    ).first()
    return None if row is None else Grant(report_id, row.co_report)
