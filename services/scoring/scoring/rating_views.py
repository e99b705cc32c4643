"""What ratings show: the page behind a resident's link, and a case's public scores."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scoring.model import ratings
from scoring.ratings_config import VERDICTS, Ratings


def page_of(case: Mapping[str, Any], invited: Mapping[str, Any], config: Ratings) -> dict:
    """The page's facts: the case, its public answer (masked when resolved), the reasons."""
    return {
        "issue_id": case["issue_id"],
        "category": case["category"],
        "answer": case["answer"],
        "resolved_at": case["resolved_at"],
        "expires_at": invited["expires_at"],
        "verdicts": VERDICTS,
        "reasons": dict(config.reasons),
    }


def public_scores(session: Session, case: Mapping[str, Any]) -> dict[str, Any]:
    rows = session.execute(
        select(ratings.c.verdict, func.count())
        .where(ratings.c.issue_id == case["issue_id"], ratings.c.source == "public")
        .group_by(ratings.c.verdict)
    ).all()
    counts = dict.fromkeys(VERDICTS, 0) | {str(v): int(n) for v, n in rows}
    total = sum(counts.values())
    content = counts["satisfied"] + counts["basically"]
    return {
        "issue_id": case["issue_id"],
        "category": case["category"],
        "answer": case["answer"],
        "counts": counts,
        "total": total,
        "satisfaction": round(content / total, 4) if total else None,
    }
