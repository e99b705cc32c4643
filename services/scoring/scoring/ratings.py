"""One matter, one rating (一事一评), as routing's steps reach scoring: a resolution invites the
case's reporter and co-reporters (who took part in it, participations) to rate it, each with
their own single-use link for the district's `ratings.valid_days`, and supersedes the links of
an earlier resolution; a reopening marks the case reopened. Plain functions, no nameko."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from gongzhi.district import District
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from gongzhi.personal import mask
from scoring import rating_links
from scoring.config import scoring_of
from scoring.model import participations, rated_cases, rating_invitations
from scoring.rating_events import RATING_INVITED
from scoring.ratings_config import Ratings

TOOK_PART = ("reported", "co_reported")


@dataclass(frozen=True)
class Plan:
    """What ratings work from, built once at start: the district's `scoring.ratings:`, the keys
    that sign the links (newest last) and each grid's community (the grid under the street)."""

    ratings: Ratings
    keys: tuple[bytes, ...]
    communities: Mapping[str, str]
    zone: str = "Asia/Shanghai"  # the district's time zone, for its pages
    district_name: str = ""


@dataclass(frozen=True)
class Round:
    """One resolution's invitations: the case, its round, when made and until when good."""

    issue_id: str
    round: int
    invited_at: datetime
    expires_at: datetime


def plan_of(district: District, keys: tuple[bytes, ...]) -> Plan:
    grids = {grid.code: grid for grid in district.grids}
    communities = {}
    for grid in grids.values():
        found = grid
        while found.level > 2 and found.parent in grids:
            found = grids[found.parent]
        if found.level == 2:
            communities[grid.code] = found.code
    config = scoring_of(district).ratings
    return Plan(config, keys, communities, district.timezone, district.name)


def on_transitioned(
    event: Event, *, session: Session, outbox: Outbox, plan: Plan, clock: Any, invited: list[int]
) -> None:
    """A resolution invites (how many in `invited`, for the metrics); a reopening is noted."""
    data = event.data
    if data["action"] == "resolve":
        invited.append(_resolved(session, outbox, plan, data, clock.now()))
    elif data["action"] == "reopen":
        reopened = update(rated_cases).where(rated_cases.c.issue_id == data["issue_id"])
        session.execute(reopened.values(status="reopened"))


def _resolved(
    session: Session, outbox: Outbox, plan: Plan, data: dict[str, Any], now: datetime
) -> int:
    issue_id = data["issue_id"]
    round_ = _record_case(session, plan, data)
    superseded = rating_invitations.c.issue_id == issue_id, rating_invitations.c.status == "open"
    session.execute(
        update(rating_invitations).where(*superseded).values(status="superseded", closed_at=now)
    )
    expires_at = now + timedelta(days=plan.ratings.valid_days)
    invitation = Round(issue_id, round_, now, expires_at)
    links = {
        ref: _invite(session, plan, invitation, ref) for ref in reporters_of(session, issue_id)
    }
    if links:
        announced = {"issue_id": issue_id, "category": data["category"], "round": round_}
        outbox.add(
            RATING_INVITED,
            {**announced, "expires_at": expires_at.isoformat(), "per_recipient": links},
            subject=issue_id,
        )
    return len(links)


def _record_case(session: Session, plan: Plan, data: dict[str, Any]) -> int:
    """The case as resolved now, its round counted; returns the round."""
    issue_id = data["issue_id"]
    before = session.execute(
        select(rated_cases.c.round).where(rated_cases.c.issue_id == issue_id)
    ).scalar()
    grid = (data.get("grid") or {}).get("code")
    values = {
        "category": data["category"],
        "community": plan.communities.get(grid or ""),
        "owner_kind": data["owner"]["kind"],
        "owner_id": data["owner"]["id"],
        "status": "resolved",
        "round": (before or 0) + 1,
        "answer": mask((data.get("answer") or {}).get("text") or ""),
        "resolved_at": datetime.fromisoformat(data["at"]),
    }
    if before is None:
        session.execute(insert(rated_cases).values(issue_id=issue_id, **values))
    else:
        session.execute(
            update(rated_cases).where(rated_cases.c.issue_id == issue_id).values(**values)
        )
    return int(values["round"])


def reporters_of(session: Session, issue_id: str) -> list[str]:
    """The refs of those who reported the case or reported it again (附议), first first."""
    rows = session.execute(
        select(participations.c.participant_ref)
        .where(participations.c.subject == issue_id, participations.c.kind.in_(TOOK_PART))
        .order_by(participations.c.id)
    ).scalars()
    return list(dict.fromkeys(rows))


def _invite(session: Session, plan: Plan, invitation: "Round", ref: str) -> dict[str, str]:
    nonce = rating_links.new_nonce()
    session.execute(
        insert(rating_invitations).values(
            nonce=nonce,
            issue_id=invitation.issue_id,
            round=invitation.round,
            reporter_ref=ref,
            status="open",
            invited_at=invitation.invited_at,
            expires_at=invitation.expires_at,
        )
    )
    link = rating_links.link(plan.ratings.public_url, plan.keys, nonce)
    return {"link": link, "expires_at": invitation.expires_at.isoformat()}
