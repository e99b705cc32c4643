"""Project claiming (群众点单、超市下单、街社接单; Huanwei's 认领): a resident's need published by
its community's organiser as a basic project (claimed by a registered person of a role the
district names) or a key project (claimed by an organisation's account); the claimant does the
work and says so; the resident who ordered it rates it; satisfied or basically, its points are
posted from the community's budget to the claimant, once (caps apply: over one, a 409 names it
and the project waits, done). Unsatisfied, it goes back to its claimant to do again.

    open --claim--> claimed --done--> done --rate: satisfied|basically--> confirmed (points)
                                      done --rate: unsatisfied--> claimed
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from gongzhi import personal
from gongzhi.catalogue import EventType
from gongzhi.outbox import Outbox
from gongzhi.web import HttpError
from scoring import accounts, earning, project_events
from scoring.ledger import Refused
from scoring.model import projects

CLAIMED_BY = {"basic": "person", "key": "organisation"}
KINDS = tuple(CLAIMED_BY)
STATUSES = ("open", "claimed", "done", "confirmed")
VERDICTS = ("satisfied", "basically", "unsatisfied")


@dataclass(frozen=True)
class Claimant:
    kind: str  # person or organisation
    id: str

    @property
    def code(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Rating:
    resident: str  # the ref of the resident rating it
    verdict: str


@dataclass(frozen=True)
class Need:
    kind: str
    title: str
    points: int
    ordered_by: str  # the resident's ref


def publish(session: Session, community: str, need: Need, by: str, at: datetime, book) -> Row:
    if need.points > book.scoring.projects.max_points:
        limit = book.scoring.projects.max_points
        raise HttpError(400, "invalid", f"a project offers {limit} points at most")
    values = {**need.__dict__, "community": community, "status": "open", "published_by": by}
    made = insert(projects).values({**values, "published_at": at.astimezone(UTC)})
    return get(session, session.execute(made.returning(projects.c.id)).scalar_one())


def claim(
    session: Session, project_id: int, claimant: Claimant, at: datetime, book, outbox: Outbox
) -> Row:
    found = _locked(session, project_id)
    if found.status != "open":
        raise HttpError(409, "claimed", f"project {project_id} is {found.status} already")
    if CLAIMED_BY[found.kind] != claimant.kind:
        wanted = CLAIMED_BY[found.kind]
        raise HttpError(403, "wrong_claimant", f"a {found.kind} project is claimed by {wanted}s")
    _check_claimant(session, found, claimant, book)
    claimed = _set(session, project_id, status="claimed", claimant=claimant.code, claimed_at=at)
    return _announce(claimed, project_events.CLAIMED, at, outbox)


def _check_claimant(session: Session, found: Row, claimant: Claimant, book) -> None:
    account = accounts.open_holder_of(session, claimant.code)
    if account is None:
        raise HttpError(404, "not_found", f"no {claimant.kind} {claimant.id!r}")
    if account.community != found.community:
        raise HttpError(403, "another_community", f"project {found.id} is {found.community}'s")
    roles = book.scoring.projects.basic_roles
    if claimant.kind == "person" and account.role not in roles:
        raise HttpError(403, "wrong_claimant", f"basic projects are for {', '.join(roles)}")


def report_done(
    session: Session, project_id: int, claimant: Claimant, at: datetime, outbox: Outbox
) -> Row:
    found = _locked(session, project_id)
    if found.status != "claimed":
        raise HttpError(409, "not_claimed", f"project {project_id} is {found.status}")
    if found.claimant != claimant.code:
        raise HttpError(403, "not_claimant", f"project {project_id} is not {claimant.code}'s")
    done = _set(session, project_id, status="done", done_at=at)
    return _announce(done, project_events.DONE, at, outbox)


def rate(session: Session, project_id: int, rating: Rating, at, book, outbox: Outbox) -> Row:
    """The ordering resident's verdict; satisfied or basically posts the points."""
    resident, verdict = rating.resident, rating.verdict
    found = _locked(session, project_id)
    if found.status != "done":
        raise HttpError(409, "not_done", f"project {project_id} is {found.status}, not done")
    if found.ordered_by != resident:
        raise HttpError(403, "not_orderer", "only the resident who ordered it rates it")
    if verdict == "unsatisfied":
        rated = _set(session, project_id, status="claimed", verdict=verdict, done_at=None)
    else:
        _post(session, found, at, book)
        rated = _set(session, project_id, status="confirmed", verdict=verdict, confirmed_at=at)
    return _announce(rated, project_events.RATED, at, outbox)


def _post(session: Session, found: Row, at: datetime, book) -> None:
    earner = accounts.open_holder_of(session, found.claimant)
    key = f"project:{found.id}"
    made = earning.Earning(key, earner, found.points, "project", key, at)
    try:
        earning.earn(session, made, book)
    except Refused as refused:
        raise HttpError(409, refused.code, refused.message) from refused


def _locked(session: Session, project_id: int) -> Row:
    query = select(projects).where(projects.c.id == project_id).with_for_update()
    found = session.execute(query).first()
    if found is None:
        raise HttpError(404, "not_found", f"no project {project_id}")
    return found


def _set(session: Session, project_id: int, **changes) -> Row:
    utc = {k: v.astimezone(UTC) if isinstance(v, datetime) else v for k, v in changes.items()}
    session.execute(update(projects).where(projects.c.id == project_id).values(utc))
    return get(session, project_id)


def get(session: Session, project_id: int) -> Row:
    return session.execute(select(projects).where(projects.c.id == project_id)).one()


def open_in(session: Session, community: str) -> list[Row]:
    """A community's open projects, oldest first: the public list."""
    query = select(projects).where(projects.c.community == community, projects.c.status == "open")
    return list(session.execute(query.order_by(projects.c.id).limit(200)))


def listed(
    session: Session, *, community: str | None, status: str | None, kind: str | None
) -> list[Row]:
    """Projects at every step, newest first, 200 at most as the other staff lists: of one
    community (None: every community's), of one status and one kind when given."""
    given = {"community": community, "status": status, "kind": kind}
    query = select(projects).filter_by(**{k: v for k, v in given.items() if v is not None})
    return list(session.execute(query.order_by(projects.c.id.desc()).limit(200)))


def _announce(found: Row, event_type: EventType, at: datetime, outbox: Outbox) -> Row:
    """The step's event, with the project's community as its owner (notify tells it)."""
    kind, _, holder = found.claimant.partition(":")
    data = {
        "project_id": found.id,
        "community": found.community,
        "owner": {"kind": "community", "id": found.community},
        **{f: getattr(found, f) for f in ("kind", "points", "status", "verdict")},
        "title": personal.mask(found.title),
        "claimant": {"kind": kind, "id": holder},
        "at": at.isoformat(),
    }
    outbox.add(event_type, data, subject=f"project:{found.id}")
    return found
