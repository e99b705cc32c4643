"""Verified activities (as Decidim's time tracker does): a person's claim of work done earns
nothing until an organiser of the person's community approves it; then its points are posted
once (the posting's key is the claim's). A rejection says why.

    claimed --approve--> approved (points posted)
            --reject---> rejected

An approval a limit refuses (a cap reached, the budget spent) is a 409 naming it and leaves
the claim as it was, to be approved another day or rejected."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from gongzhi.web import HttpError
from scoring import accounts, earning
from scoring.model import claims, people


@dataclass(frozen=True)
class Claim:
    person: str
    activity: str
    quantity: int
    note: str | None = None
    client_key: str | None = None  # the app's idempotency key: the same claim twice is one


def claim(
    session: Session, wanted: Claim, by: str, at: datetime, book: earning.Book
) -> tuple[Row, bool]:
    """Record a claim (or find the one the app's key made before): (the claim, whether new)."""
    if wanted.client_key:
        query = select(claims).where(
            claims.c.claimed_by == by, claims.c.client_key == wanted.client_key
        )
        found = session.execute(query).first()
        if found is not None:
            return found, False
    person = accounts.person_of(session, wanted.person)
    if person is None:
        raise HttpError(404, "not_found", f"no person {wanted.person!r} is registered")
    _check_activity(wanted, person.role, book)
    values = {
        **wanted.__dict__,
        "status": "claimed",
        "claimed_by": by,
        "claimed_at": at.astimezone(UTC),
    }
    claim_id = session.execute(insert(claims).values(values).returning(claims.c.id)).scalar_one()
    return _get(session, claim_id), True


def _check_activity(wanted: Claim, role: str, book: earning.Book) -> None:
    activity = book.scoring.activities.get(wanted.activity)
    if activity is None:
        known = ", ".join(sorted(book.scoring.activities)) or "none"
        raise HttpError(400, "invalid", f"no activity {wanted.activity!r} (activities: {known})")
    if activity.roles and role not in activity.roles:
        raise HttpError(
            409, "activity_role", f"{wanted.activity} is for {', '.join(activity.roles)}"
        )
    if wanted.quantity > activity.max_quantity:
        raise HttpError(
            400, "invalid", f"quantity over {activity.max_quantity} for {wanted.activity}"
        )


def decide(
    session: Session, claim_id: int, community: str, approve: bool, reason: str | None, at, book
) -> Row:
    """An organiser of `community` approves or rejects a claim of a person of that community
    (another community's claim is not found: a 404, as for a claim that is not there)."""
    found = session.execute(
        select(claims)
        .join(people, people.c.person == claims.c.person)
        .where(claims.c.id == claim_id, people.c.community == community)
        .with_for_update(of=claims)
    ).first()
    if found is None:
        raise HttpError(404, "not_found", f"no claim {claim_id} in community {community}")
    if found.status != "claimed":
        raise HttpError(409, "decided", f"claim {claim_id} was {found.status} already")
    if approve:
        _post(session, found, at, book)
    status = "approved" if approve else "rejected"
    changes = {
        "status": status,
        "decided_by": community,
        "decided_at": at.astimezone(UTC),
        "reason": reason,
    }
    session.execute(update(claims).where(claims.c.id == claim_id).values(changes))
    return _get(session, claim_id)


def _post(session: Session, found: Row, at: datetime, book: earning.Book) -> None:
    from scoring.ledger import Refused

    activity = book.scoring.activities.get(found.activity)
    if activity is None:
        raise HttpError(409, "no_activity", f"the district no longer has {found.activity!r}")
    earner = accounts.open_account(session, "person", found.person, at)
    points = points_of(found, book)
    made = earning.Earning(
        f"claim:{found.id}", earner, points, found.activity, f"claim:{found.id}", at
    )
    try:
        earning.earn(session, made, book)
    except Refused as refused:
        raise HttpError(409, refused.code, refused.message) from refused


def _get(session: Session, claim_id: int) -> Row:
    return session.execute(select(claims).where(claims.c.id == claim_id)).one()


def points_of(decided: Row, book: earning.Book) -> int:
    """What an approved claim earned."""
    activity = book.scoring.activities.get(decided.activity)
    return 0 if activity is None else activity.points * decided.quantity
