"""Recording a verdict on a resolved case, from each source: a resident through their link
(single use: forged 404, used 409, lapsed 410, each changing nothing), a staff follow-up
(回访), the public, or silence (a link left to lapse: the district's default verdict, or not
rated). Each rating publishes scoring.rating.recorded.v1. Plain functions, no nameko."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.outbox import Outbox
from scoring import rating_links
from scoring.assessment_events import RATING_RECORDED
from scoring.model import rated_cases, rating_invitations, ratings
from scoring.ratings import Plan

LAPSE_BATCH = 500


class Refused(Exception):
    """A verdict not recorded: `status` and `code` for the answer, `message` in words."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class Verdict:
    """What a rater says: satisfied, basically or unsatisfied, reason codes, a comment."""

    verdict: str
    reasons: tuple[str, ...] = ()
    comment: str | None = None


@dataclass(frozen=True)
class Rater:
    """Who rates and how: the source, the invitation used, a follow-up's staff and manner."""

    source: str
    invitation_id: int | None = None
    recorded_by: str | None = None
    visited: bool | None = None


def invitation(session: Session, plan: Plan, token: str, now: datetime) -> dict[str, Any]:
    """The open invitation a token names; Refused 404 forged, 409 used, 410 lapsed."""
    try:
        nonce = rating_links.nonce_of(plan.keys, token)
    except rating_links.Forged as forged:
        raise Refused(404, "not_found", "no such rating link") from forged
    found = (
        session.execute(select(rating_invitations).where(rating_invitations.c.nonce == nonce))
        .mappings()
        .first()
    )
    if found is None:
        raise Refused(404, "not_found", "no such rating link")
    if found["status"] == "used":
        raise Refused(409, "used", "this link was used: the case was rated with it")
    lapsed = as_utc(found["expires_at"]) <= now  # type: ignore[operator]
    if found["status"] != "open" or lapsed:
        raise Refused(410, "expired", "this link has expired")
    return dict(found)


def by_resident(
    session: Session, outbox: Outbox, plan: Plan, token: str, said: Verdict, now: datetime
) -> dict[str, Any]:
    """The resident's verdict through their link, which it uses up."""
    invited = invitation(session, plan, token, now)
    _check_reasons(said, plan)
    used = update(rating_invitations).where(rating_invitations.c.id == invited["id"])
    session.execute(used.values(status="used", closed_at=now))
    case = case_of(session, invited["issue_id"])
    rater = Rater("resident", invitation_id=invited["id"])
    return record(session, outbox, case, said, rater, now, round_=invited["round"])


def by_follow_up(
    session: Session,
    outbox: Outbox,
    plan: Plan,
    issue_id: str,
    said: Verdict,
    rater: Rater,
    now: datetime,
) -> dict[str, Any]:
    """A staff member's verdict from a visit or a call (回访) on a resolved case."""
    _check_reasons(said, plan)
    case = resolved_case(session, issue_id)
    return record(session, outbox, case, said, rater, now)


def by_public(session: Session, outbox: Outbox, issue_id: str, verdict: str, now: datetime):
    """Anyone's verdict on a case's published answer (Huizhou's public scores)."""
    case = case_of(session, issue_id)
    return record(session, outbox, case, Verdict(verdict), Rater("public"), now)


def lapse(session: Session, outbox: Outbox, plan: Plan, now: datetime) -> list[str | None]:
    """Invitations past their time, closed: each records the district's default verdict, or
    none (not rated). Returns each one's verdict (None: not rated), for the metrics."""
    due = (
        session.execute(
            select(rating_invitations)
            .where(rating_invitations.c.status == "open", rating_invitations.c.expires_at <= now)
            .order_by(rating_invitations.c.expires_at)
            .limit(LAPSE_BATCH)
        )
        .mappings()
        .all()
    )
    default = plan.ratings.default_verdict()
    for invited in due:
        closed = update(rating_invitations).where(rating_invitations.c.id == invited["id"])
        session.execute(closed.values(status="lapsed", closed_at=now))
        if default is not None:
            case = case_of(session, invited["issue_id"])
            rater = Rater("default", invitation_id=invited["id"])
            record(session, outbox, case, Verdict(default), rater, now, round_=invited["round"])
    return [default] * len(due)


def case_of(session: Session, issue_id: str) -> dict[str, Any]:
    found = (
        session.execute(select(rated_cases).where(rated_cases.c.issue_id == issue_id))
        .mappings()
        .first()
    )
    if found is None:
        raise Refused(404, "not_found", f"no resolved case {issue_id!r}")
    return dict(found)


def resolved_case(session: Session, issue_id: str) -> dict[str, Any]:
    case = case_of(session, issue_id)
    if case["status"] != "resolved":
        raise Refused(409, "not_resolved", f"case {issue_id!r} was reopened: rate it once resolved")
    return case


def record(
    session: Session,
    outbox: Outbox,
    case: Mapping[str, Any],
    said: Verdict,
    rater: Rater,
    now: datetime,
    *,
    round_: int | None = None,
) -> dict[str, Any]:
    """Write the rating and its event; returns the event's data."""
    rating_id = str(uuid.uuid4())
    session.execute(
        insert(ratings).values(
            rating_id=rating_id,
            issue_id=case["issue_id"],
            round=case["round"] if round_ is None else round_,
            verdict=said.verdict,
            source=rater.source,
            reasons=",".join(said.reasons),
            comment=said.comment,
            invitation_id=rater.invitation_id,
            recorded_by=rater.recorded_by,
            visited=rater.visited,
            rated_at=now,
        )
    )
    data = recorded_data(case, rating_id, said, rater.source, now)
    outbox.add(RATING_RECORDED, data, subject=case["issue_id"])
    return data


def recorded_data(
    case: Mapping[str, Any], rating_id: str, said: Verdict, source: str, now: datetime
) -> dict[str, Any]:
    owner = {"kind": case["owner_kind"], "id": case["owner_id"]}
    return {
        "rating_id": rating_id,
        "issue_id": case["issue_id"],
        "verdict": said.verdict,
        "source": source,
        "reasons": list(said.reasons),
        "rated_at": now.isoformat(),
        "owner": owner,
        "department": owner["id"] if owner["kind"] == "department" else None,
        "community": case["community"],
        "category": case["category"],
    }


def _check_reasons(said: Verdict, plan: Plan) -> None:
    unknown = [code for code in said.reasons if code not in plan.ratings.reasons]
    if unknown:
        known = ", ".join(sorted(plan.ratings.reasons)) or "none"
        raise Refused(400, "unknown_reason", f"no reason {unknown[0]!r} (reasons: {known})")
