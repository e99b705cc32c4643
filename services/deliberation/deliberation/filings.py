"""Filing a plan with the street (报街道党工委备案): when the community's party committee
approves a plan at a review step that produces a `filing` (Xiguan's 审议; not 四议两公开's
党员大会审议, which produces the review alone), what it approved is filed with the street the
community lies in: the matter, the checklist's answers, the plan's summary and how many tasks
it divides. Written in the review's unit of work, into the matter's chain and out as
`deliberation.review.filed`, which notify gives the street's supervisors (the roster of the
street's grid). Title and summary are masked as the board masks them: no one's name, phone or
id goes to the street. The street reads its filings with a supervisor's key of its own."""

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from deliberation import chain, events, steps
from deliberation.model import filings, plan_tasks, plans
from deliberation.policy import Policy
from deliberation.refusals import Forbidden, NotFound
from deliberation.state import Matter
from deliberation.steps import Move
from gongzhi import personal
from gongzhi.apikeys import Holder

FILING = "filing"
SHOWN = ("matter_id", "community", "title", "answers", "plan_summary", "tasks", "filed_at")


def file_if_due(matter: Matter, answers: dict[str, bool], move: Move) -> None:
    """File the approved plan of `matter` with its street, if its review step files one."""
    if FILING not in steps.current(matter, move.policy).produces:
        return
    street = move.policy.street_of(matter.community)
    plan = _newest_plan(move.session, matter.id)
    row = {
        "matter_id": matter.id,
        "community": matter.community,
        "street": street,
        "title": personal.mask(matter.title),
        "answers": answers,
        "plan_summary": personal.mask(plan["summary"]) if plan else "",
        "tasks": plan["tasks"] if plan else 0,
        "filed_at": move.now,
    }
    move.session.execute(insert(filings).values(**row))
    chain.append(move.session, matter.id, "filed", move.actor, {"street": street}, move.now)
    told = {**row, "supervisors": move.policy.street_supervisors(street)}
    move.outbox.add(events.REVIEW_FILED, told, subject=matter.id)


def of_its_street(holder: Holder, street: str, policy: Policy) -> None:
    """A supervisor's key reads a street's filings if it is that street's: held by the
    street's code or by one on the street grid's roster. NotFound for no street of ours."""
    if street not in policy.streets():
        raise NotFound(f"no street {street} above the district's deliberating communities")
    if holder.name not in (street, *policy.street_supervisors(street)):
        raise Forbidden(f"the key is not one of street {street}'s supervisors'")


def of_street(session: Session, street: str) -> list[dict[str, Any]]:
    """What was filed with `street`, the newest first."""
    query = select(*[filings.c[name] for name in SHOWN]).where(filings.c.street == street)
    rows = session.execute(query.order_by(filings.c.filed_at.desc(), filings.c.id.desc()))
    return [{**row, "filed_at": chain.utc(row["filed_at"])} for row in rows.mappings()]


def by_street(session: Session) -> list[tuple[str, int]]:
    """How many plans were filed with each street, e.g. `[("620502001", 4)]`: the metrics'."""
    query = select(filings.c.street, func.count()).group_by(filings.c.street)
    return [(street, int(count)) for street, count in session.execute(query)]


def _newest_plan(session: Session, matter_id: str) -> dict[str, Any] | None:
    newest = session.execute(
        select(plans.c.id, plans.c.summary)
        .where(plans.c.matter_id == matter_id)
        .order_by(plans.c.id.desc())
        .limit(1)
    ).first()
    if newest is None:
        return None
    count = select(func.count()).select_from(plan_tasks).where(plan_tasks.c.plan_id == newest.id)
    return {"summary": newest.summary, "tasks": session.scalar(count) or 0}
