"""What the tally shows: its counts, for GET /api/v1/counts."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from tally.model import counts


def counted(session: Session) -> list[dict]:
    rows = session.execute(select(counts).order_by(counts.c.category)).mappings()
    return [dict(row) for row in rows]
