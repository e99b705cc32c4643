"""How a matter starts: a residents' proposal collects co-signers until its process's support
threshold, then opens; a grid joint meeting or staff open one at once; a kind the district must
deliberate (its `must_deliberate` list) opens with the process the list names; routing's cases
promoted into one (promotion.py) open it with the cases linked. Opening enters the matter's
first step and moves on from it when it has produced its topic."""

import uuid
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update

from deliberation import chain, steps
from deliberation.events import MATTER_OPENED
from deliberation.model import co_signers, matter_cases, matters
from deliberation.processes import Process
from deliberation.refusals import Invalid, Refused
from deliberation.state import COLLECTING, STATUS_OF_KIND, Matter, load
from deliberation.steps import Move

ORIGINS = ("proposal", "grid_meeting", "staff", "listed", "promoted")


@dataclass(frozen=True)
class NewMatter:
    community: str
    title: str
    description: str
    origin: str
    process: str | None = None  # None: the listed kind's, the promoted one's, the community's
    listed_code: str | None = None  # a kind the district must deliberate


def start(new: NewMatter, move: Move) -> Matter:
    """A new matter, open at once unless it is a proposal that still needs co-signers."""
    matter = create(new, move)
    return matter if matter.status == COLLECTING else open_matter(matter, [], move)


def create(new: NewMatter, move: Move) -> Matter:
    """The matter's row at the first step of its process, not yet open."""
    process = _process(new, move)
    first = process.steps[0]
    collecting = new.origin == "proposal" and process.co_signers > 0
    matter_id = str(uuid.uuid4())
    row = {
        "id": matter_id,
        **{name: getattr(new, name) for name in ("community", "title", "description", "origin")},
        "listed_code": new.listed_code,
        "raised_by": move.actor,
        "process": process.id,
        "step": first.id,
        "step_seq": 1,
        "status": COLLECTING if collecting else STATUS_OF_KIND[first.kind],
        "step_started_at": move.now,
        "step_due_at": move.policy.due(first, move.now),
        "created_at": move.now,
        "updated_at": move.now,
    }
    move.session.execute(insert(matters).values(**row))
    told = {name: row[name] for name in ("community", "title", "origin", "process", "step")}
    chain.append(move.session, matter_id, "raised", move.actor, told, move.now)
    return load(move.session, matter_id)


def _process(new: NewMatter, move: Move) -> Process:
    deliberation = move.policy.deliberation
    if new.community not in deliberation.communities:
        raise Invalid(f"community {new.community} is not one the district lists to deliberate")
    chosen = new.process
    if new.listed_code is not None:
        listed = deliberation.must_deliberate.get(new.listed_code)
        if listed is None:
            raise Invalid(f"{new.listed_code} is not on the district's must-deliberate list")
        chosen = chosen or listed.process
    if chosen is None:
        return deliberation.process_for(new.community)
    if chosen not in deliberation.processes:
        raise Invalid(f"no process {chosen} in the district")
    return deliberation.processes[chosen]


def open_matter(matter: Matter, issue_ids: list[str], move: Move) -> Matter:
    """Open `matter` at its first step (its promoted cases already linked), then on."""
    first = steps.current(matter, move.policy)
    status = STATUS_OF_KIND[first.kind]
    statement = update(matters).where(matters.c.id == matter.id)
    move.session.execute(statement.values(status=status, updated_at=move.now))
    chain.append(move.session, matter.id, "opened", move.actor, {"issue_ids": issue_ids}, move.now)
    opened = {
        "matter_id": matter.id,
        "community": matter.community,
        "title": matter.title,
        "process": matter.process,
        "origin": matter.origin,
        "issue_ids": issue_ids,
        "opened_at": move.now,
    }
    move.outbox.add(MATTER_OPENED, opened, subject=matter.id)
    return steps.move_on_if_done(load(move.session, matter.id), move)


def co_sign(matter_id: str, resident_ref: str, move: Move) -> Matter:
    """A resident backs a proposal (附议), once; it opens when its co-signers reach the
    process's threshold."""
    matter = load(move.session, matter_id)
    if matter.status != COLLECTING:
        raise Refused(f"matter {matter_id} is not collecting co-signers: it is {matter.status}")
    if resident_ref == matter.raised_by:
        raise Refused("the proposer backs the proposal already")
    signed = select(co_signers.c.resident_ref).where(
        co_signers.c.matter_id == matter_id, co_signers.c.resident_ref == resident_ref
    )
    if move.session.execute(signed).first():
        raise Refused("this resident has co-signed the proposal already")
    row = {"matter_id": matter_id, "resident_ref": resident_ref, "signed_at": move.now}
    move.session.execute(insert(co_signers).values(**row))
    chain.append(move.session, matter_id, "co_signed", resident_ref, {}, move.now)
    count = move.session.scalar(
        select(func.count()).select_from(co_signers).where(co_signers.c.matter_id == matter_id)
    )
    if (count or 0) >= steps.process_of(matter, move.policy).co_signers:
        return open_matter(matter, [], move)
    return matter


def linked_cases(move: Move, matter_id: str) -> list[str]:
    query = select(matter_cases.c.issue_id).where(matter_cases.c.matter_id == matter_id)
    return list(move.session.scalars(query.order_by(matter_cases.c.issue_id)))
