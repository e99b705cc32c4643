"""What deliberation hears of routing's cases besides their assignment, and the district's rule
that promotes a case by itself (`deliberation.promotion`): co-reports (附议) over a threshold,
an escalation to a tier, red lights so many times. A signal may come before the case's
assignment; the case is promoted once both are in."""

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from deliberation.model import case_signals, known_issues
from deliberation.promotion import Promotion, in_matters, open_promoted, promote
from deliberation.steps import Move
from gongzhi.district.model import TIERS

TITLES = {"co_reports": "多人附议", "escalated": "升级处置", "red": "多次超时"}


def signals_of(session: Session, issue_id: str) -> dict[str, int | str | None]:
    """The case's signals row, made if it has none yet."""
    query = select(case_signals).where(case_signals.c.issue_id == issue_id)
    row = session.execute(query).mappings().first()
    if row is None:
        fresh: dict[str, int | str | None] = {
            "issue_id": issue_id,
            "co_reports": 0,
            "reds": 0,
            "escalated_tier": None,
        }
        session.execute(insert(case_signals).values(**fresh))
        return fresh
    return {
        "co_reports": row["co_reports"],
        "reds": row["reds"],
        "escalated_tier": row["escalated_tier"],
    }


def record(session: Session, issue_id: str, **values: int | str | None) -> None:
    statement = update(case_signals).where(case_signals.c.issue_id == issue_id)
    session.execute(statement.values(**values))


def co_reported(issue_id: str, co_reports: int, move: Move) -> None:
    """The case's co-reports as intake counts them now (never fewer than heard before)."""
    before = signals_of(move.session, issue_id)
    record(move.session, issue_id, co_reports=max(int(before["co_reports"] or 0), co_reports))
    promote_if_due(issue_id, move)


def turned_red(issue_id: str, move: Move) -> None:
    before = signals_of(move.session, issue_id)
    record(move.session, issue_id, reds=int(before["reds"] or 0) + 1)
    promote_if_due(issue_id, move)


def escalated(issue_id: str, tier: str, move: Move) -> None:
    """The case was escalated to `tier`: the highest one reached is kept."""
    before = signals_of(move.session, issue_id)
    highest = max((tier, before["escalated_tier"] or TIERS[0]), key=TIERS.index)
    record(move.session, issue_id, escalated_tier=highest)
    promote_if_due(issue_id, move)


def promote_if_due(issue_id: str, move: Move) -> None:
    """Promote the case if the rule says so, it is known, lies in a deliberating community,
    and is in no matter yet."""
    reason = _reason(signals_of(move.session, issue_id), move)
    query = select(known_issues.c.category, known_issues.c.grid_code)
    known = move.session.execute(query.where(known_issues.c.id == issue_id)).first()
    if reason is None or known is None or in_matters(move.session, (issue_id,)):
        return
    community = move.policy.community_of(known.grid_code)
    if community is None:
        return
    into = (
        open_promoted(move.session, community)
        if move.policy.deliberation.promotion.join_open
        else None
    )
    category = move.policy.district.categories.get(known.category)
    title = f"{category.name if category else known.category}({TITLES[reason]})"
    description = "按本区议题转化规则,由路由案件自动转为议题。"
    promote(Promotion((issue_id,), title, description, reason=reason, into=into), move)


def _reason(signals: dict[str, int | str | None], move: Move) -> str | None:
    rule = move.policy.deliberation.promotion
    if rule.co_reports is not None and int(signals["co_reports"] or 0) >= rule.co_reports:
        return "co_reports"
    tier = signals["escalated_tier"]
    reached = TIERS.index(str(tier)) if tier is not None else -1
    if rule.escalated_to is not None and reached >= TIERS.index(rule.escalated_to):
        return "escalated"
    if rule.red_times is not None and int(signals["reds"] or 0) >= rule.red_times:
        return "red"
    return None
