"""Evaluate (民主评事): the assembly's members and the residents concerned (reporters of the
matter's cases, residents.py) rate the outcome of a carried-out matter: satisfied, basically
satisfied or unsatisfied, with an optional comment. One rating per rater at the step: a second
one is refused (409), so a count once heard is never changed behind the raters' backs.

Staff close the evaluation (or its step's deadline does, for a step left by its deadline): the
counts per verdict go into the chain and out as `deliberation.matter.evaluated`, and the matter
moves on (a last step: closed). A review date, a working day to come, brings the matter back on
that day (the sweeper, bring_back) to the evaluate step's `back_to`, or else the process's
first deliberate step; the council is told (`deliberation.matter.stepped`, why `review_date`)."""

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update

from deliberation import chain, events, residents, steps
from deliberation.model import evaluations, matters, ratings
from deliberation.processes import Step
from deliberation.refusals import Forbidden, Invalid, Refused
from deliberation.state import CLOSED, STATUS_OF_KIND, Matter, load, utc
from deliberation.steps import Move
from gongzhi import personal, workdays

VERDICTS = ("satisfied", "basically", "unsatisfied")
ASSEMBLY, RESIDENT = "assembly", "resident"
EVALUATING = STATUS_OF_KIND["evaluate"]
REVIEW_DATE = "review_date"
NOT_A_RATER = {
    ASSEMBLY: "{} is not on the assembly of the matter's community",
    RESIDENT: "resident {} reported none of the matter's cases",
}


@dataclass(frozen=True)
class Rating:
    rater: str  # a member's person id, or a resident's ref
    rater_kind: str  # assembly, resident
    verdict: str
    comment: str = ""


def rate(matter_id: str, rating: Rating, move: Move) -> Matter:
    """The rating, once per rater; 400 for an unknown verdict, 409 for a matter not being
    evaluated or a second rating, 403 for a rater not on the assembly nor a reporter."""
    if rating.verdict not in VERDICTS:
        raise Invalid(f"no verdict {rating.verdict!r}; one of {', '.join(VERDICTS)}")
    matter = _evaluating(matter_id, move)
    _may_rate(matter, rating, move)
    if _rated(matter, rating.rater, move):
        raise Refused(f"{rating.rater_kind} {rating.rater} has rated matter {matter_id} already")
    row = {"matter_id": matter_id, "step_seq": matter.step_seq, "rated_at": move.now}
    move.session.execute(insert(ratings).values(**row, **vars(rating)))
    comment = personal.mask(rating.comment)  # free text: a phone or an e-mail stays out
    data = {"rater_kind": rating.rater_kind, "verdict": rating.verdict, "comment": comment}
    chain.append(move.session, matter_id, "rated", rating.rater, data, move.now)
    return matter


def counts(matter: Matter, move: Move) -> dict[str, int]:
    """The ratings so far at the matter's present step, per verdict."""
    query = (
        select(ratings.c.verdict, func.count())
        .where(ratings.c.matter_id == matter.id, ratings.c.step_seq == matter.step_seq)
        .group_by(ratings.c.verdict)
    )
    found: dict[str, int] = dict(move.session.execute(query).all())
    return {verdict: found.get(verdict, 0) for verdict in VERDICTS}


def close(matter_id: str, review_on: date | None, move: Move, why: str = "evaluated") -> Matter:
    """Close the evaluation with its counts and maybe a review date; the matter moves on
    (`why`: evaluated by staff, or its deadline)."""
    matter = _evaluating(matter_id, move)
    if review_on is not None:
        _check_review_date(review_on, move)
    found = counts(matter, move)
    row = {"matter_id": matter_id, "step_seq": matter.step_seq, "counts": found}
    row |= {"review_on": review_on, "closed_by": move.actor, "closed_at": move.now}
    move.session.execute(insert(evaluations).values(**row))
    statement = update(matters).where(matters.c.id == matter_id).values(review_on=review_on)
    move.session.execute(statement)
    data = {"counts": found, "review_on": review_on and review_on.isoformat()}
    chain.append(move.session, matter_id, "evaluated", move.actor, data, move.now)
    evaluated: dict[str, Any] = {
        "matter_id": matter_id,
        "community": matter.community,
        "title": matter.title,
    }
    evaluated |= {"counts": found, "review_on": review_on, "evaluated_at": move.now}
    evaluated["parties"] = move.policy.people_of(matter.community, ("council",))
    move.outbox.add(events.MATTER_EVALUATED, evaluated, subject=matter_id)
    return steps.move_on(matter, why, move)


def today(move: Move) -> date:
    return move.now.astimezone(ZoneInfo(move.policy.district.timezone)).date()


def review_due(move: Move, batch: int) -> list[str]:
    """Ended matters whose review date has come, the earliest first."""
    query = (
        select(matters.c.id)
        .where(matters.c.review_on <= today(move), matters.c.status == CLOSED)
        .order_by(matters.c.review_on, matters.c.id)
        .limit(batch)
    )
    return list(move.session.scalars(query))


def bring_back(matter_id: str, move: Move) -> Matter:
    """The review date came: the matter goes back to deliberate again, the council told."""
    matter = load(move.session, matter_id)
    statement = update(matters).where(matters.c.id == matter_id).values(review_on=None)
    move.session.execute(statement)
    return steps.enter(matter, review_step(matter, move), REVIEW_DATE, move)


def review_step(matter: Matter, move: Move) -> Step:
    """Where a review date brings the matter: its evaluate step's `back_to`, or the first
    deliberate step of its process."""
    process = steps.process_of(matter, move.policy)
    evaluate = next(step for step in process.steps if step.kind == "evaluate")
    if evaluate.back_to:
        return process.step(evaluate.back_to)
    return next(step for step in process.steps if step.kind == "deliberate")


def _evaluating(matter_id: str, move: Move) -> Matter:
    matter = load(move.session, matter_id)
    if matter.status != EVALUATING:
        raise Refused(f"matter {matter_id} is not being evaluated: it is {matter.status}")
    return matter


def _may_rate(matter: Matter, rating: Rating, move: Move) -> None:
    if rating.rater_kind == ASSEMBLY:
        allowed = rating.rater in move.policy.bodies.assembly(matter.community)
    else:
        allowed = residents.concerned(move.session, matter.id, rating.rater)
    if not allowed:
        raise Forbidden(NOT_A_RATER[rating.rater_kind].format(rating.rater))


def _rated(matter: Matter, rater: str, move: Move) -> bool:
    query = select(ratings.c.rater).where(
        ratings.c.matter_id == matter.id,
        ratings.c.step_seq == matter.step_seq,
        ratings.c.rater == rater,
    )
    return move.session.execute(query).first() is not None


def _check_review_date(review_on: date, move: Move) -> None:
    try:
        working = move.policy.calendar.is_working_day(review_on)
    except workdays.UnknownYear as unknown:
        raise Invalid(str(unknown)) from unknown
    if review_on <= today(move) or not working:
        raise Invalid(f"a review date is a working day to come: {review_on} is not")


def outcome(session: Any, matter_id: str) -> dict[str, Any] | None:
    """The newest evaluation of the matter: its counts and review date (the board's)."""
    query = (
        select(evaluations.c.counts, evaluations.c.review_on, evaluations.c.closed_at)
        .where(evaluations.c.matter_id == matter_id)
        .order_by(evaluations.c.step_seq.desc())
        .limit(1)
    )
    row = session.execute(query).mappings().first()
    return {key: utc(value) for key, value in row.items()} if row else None
