"""`gongzhi scoring assess MONTH`: close a month by hand, as scoring's timer does when it ends
(each owner scored once, a yellow card under the threshold), for an operator who wants it now or
again after the service was down. A month not yet ended is refused. The cards go out through the
outbox: the running scoring service's relay publishes them."""

import sys
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from gongzhi.outbox import Outbox
from scoring.assessment_close import Scored, close_month
from scoring.assessment_plan import Plan, is_month
from scoring.model import outbox


def add_parser(commands, default_district: str) -> None:
    assess = commands.add_parser(
        "assess",
        help="close a month (YYYY-MM, district time) that has ended: score each owner once and "
        "send a yellow card for each under the threshold",
    )
    assess.add_argument("month", help="e.g. 2026-11")
    assess.add_argument("--district", default=default_district, help="the district folder")
    assess.set_defaults(func=_assess)


def assess(engine: Engine, district: str, month: str, plan: Plan, now: datetime) -> list[Scored]:
    """Close `month` in scoring's database, in one transaction; the owners scored now."""
    source = f"/gongzhi/{district}/scoring"
    with Session(engine) as session, session.begin():
        box = Outbox(
            session,
            outbox,
            source=source,
            district=district,
            correlationid=None,
            cause=None,
            now=now,
        )
        return close_month(session, box, month, plan, now)


def _assess(args) -> int:
    from gongzhi.db import create_engine_for
    from gongzhi.district import load_district
    from scoring.assessment_plan import plan_of

    district, now = load_district(args.district), datetime.now(UTC)
    plan = plan_of(district)
    if not is_month(args.month) or args.month > plan.closed_month(now):
        print(f"gongzhi scoring: {args.month!r} is no month that has ended", file=sys.stderr)
        return 2
    engine = create_engine_for(args.settings.database("scoring"))
    try:
        scored = assess(engine, district.code, args.month, plan, now)
    finally:
        engine.dispose()
    for done in scored:
        card = " yellow card" if done.card else ""
        print(f"{done.owner[0]}:{done.owner[1]} {_score(done.score)}{card}")
    cards = sum(done.card for done in scored)
    print(f"{args.month}: {len(scored)} owners scored now, {cards} yellow cards")
    return 0


def _score(score: float | None) -> str:
    return "not scored (too few cases)" if score is None else f"{score:g}"
