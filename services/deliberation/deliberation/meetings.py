"""Deliberate (商议): council meetings with time, place and agenda, on one matter or several
(the community's standing monthly meeting, 三必做, takes every matter scheduled into it). Calling
one invites every party of the community's council and the matter's stakeholders
(`deliberation.meeting.called`, whose `parties` notify invites); then who came, per person and
party. The minutes with each party's opinion and the written plan are in records.py."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from deliberation import chain, steps
from deliberation.events import MEETING_CALLED
from deliberation.model import attendees, meeting_matters, meetings
from deliberation.model import matters as matters_table
from deliberation.refusals import Invalid, NotFound, Refused
from deliberation.standing import next_meeting
from deliberation.state import OPEN, Matter, load, utc
from deliberation.steps import Move

CALLED, HELD = "called", "held"


@dataclass(frozen=True)
class Call:
    place: str
    agenda: str
    starts_at: datetime | None = None  # None: the community's next standing meeting
    stakeholders: tuple[tuple[str, str], ...] = ()  # (person, party) beyond the council


def call(matter_id: str, wanted: Call, move: Move) -> int:
    """Call a meeting on the matter (or put it on the next standing meeting's agenda) and
    invite the council and its stakeholders. Refused unless the matter is at a step that
    deliberates; Invalid for a time that has passed."""
    matter = load(move.session, matter_id)
    if matter.status not in OPEN or steps.current(matter, move.policy).kind != "deliberate":
        raise Refused(f"matter {matter_id} is not being deliberated: it is {matter.status}")
    if wanted.starts_at is not None and wanted.starts_at <= move.now:
        raise Invalid("a meeting is called for a time to come")
    standing = wanted.starts_at is None
    at = (wanted.starts_at or _next_standing(matter, move)).astimezone(UTC)
    meeting_id = _standing_called(matter, at, wanted, move) if standing else None
    if meeting_id is None:
        meeting_id = _new(matter, wanted, at, move)
    elif _on_agenda(move, meeting_id, matter_id):
        raise Refused(f"matter {matter_id} is on meeting {meeting_id}'s agenda already")
    move.session.execute(insert(meeting_matters).values(meeting_id=meeting_id, matter_id=matter_id))
    _invite(meeting_id, matter, wanted.stakeholders, move)
    data = {"meeting_id": meeting_id, "starts_at": at.isoformat(), "standing": standing}
    chain.append(move.session, matter_id, "meeting_called", move.actor, data, move.now)
    _announce(meeting_id, move)
    return meeting_id


def _next_standing(matter: Matter, move: Move) -> datetime:
    policy = move.policy
    rule = policy.deliberation.meeting_of(matter.community)
    return next_meeting(rule, move.now, policy.calendar, policy.district.timezone)


def _standing_called(matter: Matter, at: datetime, wanted: Call, move: Move) -> int | None:
    """The community's standing meeting at `at`, if called already: its id, its agenda grown."""
    query = select(meetings.c.id, meetings.c.agenda).where(
        meetings.c.community == matter.community,
        meetings.c.standing.is_(True),
        meetings.c.starts_at == at,
        meetings.c.status == CALLED,
    )
    found = move.session.execute(query).first()
    if found is None:
        return None
    agenda = f"{found.agenda}\n{wanted.agenda}"
    move.session.execute(update(meetings).where(meetings.c.id == found.id).values(agenda=agenda))
    return int(found.id)


def _new(matter: Matter, wanted: Call, at: datetime, move: Move) -> int:
    row = {
        "community": matter.community,
        "starts_at": at,
        "place": wanted.place,
        "agenda": wanted.agenda,
        "standing": wanted.starts_at is None,
        "status": CALLED,
        "called_by": move.actor,
        "called_at": move.now,
    }
    return int(move.session.scalars(insert(meetings).values(**row).returning(meetings.c.id)).one())


def _on_agenda(move: Move, meeting_id: int, matter_id: str) -> bool:
    query = select(meeting_matters.c.matter_id).where(
        meeting_matters.c.meeting_id == meeting_id, meeting_matters.c.matter_id == matter_id
    )
    return move.session.execute(query).first() is not None


def _invite(
    meeting_id: int, matter: Matter, stakeholders: tuple[tuple[str, str], ...], move: Move
) -> None:
    """Every party of the council and the stakeholders named, each (person, party) once."""
    wanted = move.policy.council_people(matter.community) + list(stakeholders)
    had = set(_invited(move, meeting_id))
    new = [pair for pair in dict.fromkeys(wanted) if pair not in had]
    rows = [
        {"meeting_id": meeting_id, "person": p, "party": party, "invited_at": move.now}
        for p, party in new
    ]
    if rows:
        move.session.execute(insert(attendees), rows)


def _invited(move: Move, meeting_id: int) -> list[tuple[str, str]]:
    query = select(attendees.c.person, attendees.c.party).where(
        attendees.c.meeting_id == meeting_id
    )
    return list(move.session.execute(query.order_by(attendees.c.person)))


def _announce(meeting_id: int, move: Move) -> None:
    """The meeting as it now stands: every matter on it, everyone invited."""
    meeting = move.session.execute(select(meetings).where(meetings.c.id == meeting_id)).one()
    on = (
        select(matters_table.c.id, matters_table.c.title)
        .join(meeting_matters, meeting_matters.c.matter_id == matters_table.c.id)
        .where(meeting_matters.c.meeting_id == meeting_id)
        .order_by(matters_table.c.created_at, matters_table.c.id)
    )
    agenda = move.session.execute(on).all()
    called = {
        "meeting_id": meeting_id,
        "community": meeting.community,
        "matter_ids": [row.id for row in agenda],
        "titles": [row.title for row in agenda],
        "starts_at": utc(meeting.starts_at),
        "place": meeting.place,
        "agenda": meeting.agenda,
        "standing": meeting.standing,
        "parties": sorted({person for person, _ in _invited(move, meeting_id)}),
        "called_at": move.now,
    }
    move.outbox.add(MEETING_CALLED, called, subject=str(meeting_id))


def attendance(meeting_id: int, present: list[str], move: Move) -> list[str]:
    """Who came (everyone else invited did not): the meeting is then held. Invalid for a
    person not invited; Refused once recorded. The matters on it whose chains say so."""
    found = move.session.execute(select(meetings.c.status).where(meetings.c.id == meeting_id))
    status = found.scalar()
    if status is None:
        raise NotFound(f"no meeting {meeting_id}")
    if status != CALLED:
        raise Refused(f"meeting {meeting_id} is {status}: its attendance is recorded")
    invited = {person for person, _ in _invited(move, meeting_id)}
    strangers = sorted(set(present) - invited)
    if strangers:
        raise Invalid(f"not invited to meeting {meeting_id}: {', '.join(strangers)}")
    mark = update(attendees).where(attendees.c.meeting_id == meeting_id)
    move.session.execute(mark.values(attended=attendees.c.person.in_(present)))
    move.session.execute(update(meetings).where(meetings.c.id == meeting_id).values(status=HELD))
    matter_ids = agenda_of(move, meeting_id)
    data = {"meeting_id": meeting_id, "present": sorted(set(present)), "invited": sorted(invited)}
    for matter_id in matter_ids:
        chain.append(move.session, matter_id, "attendance", move.actor, data, move.now)
    return matter_ids


def agenda_of(move: Move, meeting_id: int) -> list[str]:
    query = select(meeting_matters.c.matter_id).where(meeting_matters.c.meeting_id == meeting_id)
    return list(move.session.scalars(query.order_by(meeting_matters.c.matter_id)))
