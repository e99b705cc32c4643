"""Moving a matter through its process (processes.py): each step entered has a deadline in
working days from its start; it is left by its rule (`advance`): once what it `produces` is
recorded, once its review is approved (sent back: to `back_to`), once its vote is carried (not
carried: to `back_to`, or the matter fails), or when its deadline passes. A step that lapses
otherwise is warned about once (`deliberation.step.warned`, the sweeper, sweep.py). Every move
goes into the matter's chain and out as `deliberation.matter.stepped`, in the caller's unit of
work."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from deliberation import chain, dispatch, heads, voting
from deliberation.events import MATTER_STEPPED, STEP_WARNED
from deliberation.model import evaluations, matters, minutes, plans, reviews
from deliberation.policy import Policy
from deliberation.processes import Process, Step
from deliberation.refusals import Refused
from deliberation.state import CLOSED, COLLECTING, FAILED, STATUS_OF_KIND, Matter, load
from gongzhi.outbox import Outbox

# Outputs recorded here, each by a row of its table at the step (step_seq) that needs it; a
# review or a filing by an approved review, a rating by a closed evaluation; tasks (and the
# result the board publishes of them) once every task of the plan is done. A resolution or a
# public decision is never found here: a resolve step moves on by its vote.
RECORDS = {"minutes": minutes, "plan": plans, "rating": evaluations}
CARRIED_OUT = ("tasks", "public_result")
APPROVED = ("review", "filing")


@dataclass(frozen=True)
class Move:
    """Who moves a matter and when, for its chain and its events."""

    actor: str
    now: datetime
    policy: Policy
    session: Session
    outbox: Outbox


def process_of(matter: Matter, policy: Policy) -> Process:
    return policy.deliberation.processes[matter.process]


def current(matter: Matter, policy: Policy) -> Step:
    return process_of(matter, policy).step(matter.step)


def enter(matter: Matter, step: Step, why: str, move: Move) -> Matter:
    """Put `matter` at `step`, its deadline counted from now; then on, if it has nothing left
    to produce there (a proposal's topic)."""
    due, status = move.policy.due(step, move.now), STATUS_OF_KIND[step.kind]
    values = {
        "step": step.id,
        "step_seq": matter.step_seq + 1,
        "status": status,
        "step_started_at": move.now,
        "step_due_at": due,
        "step_warned_at": None,
        "updated_at": move.now,
    }
    move.session.execute(update(matters).where(matters.c.id == matter.id).values(**values))
    _announce(matter, step, status, why, move, due)
    if step.kind == "resolve":
        open_the_vote(matter, step, move)
    if step.kind == "execute":
        dispatch.dispatch(move.session, move.outbox, matter, move.actor, move.now)
    return move_on_if_done(load(move.session, matter.id), move)


def open_the_vote(matter: Matter, step: Step, move: Move) -> None:
    """The assembly's vote opens as the matter enters its resolve step, with the community's
    assembly as it stands now and the process's vote rules (voting.py); staff close it, or
    set its `closes_at`. A matter voted on before (sent back after a vote not carried) gets a
    new vote, the closed one kept as an earlier round (rounds.py)."""
    rules = process_of(matter, move.policy).vote
    if rules is None or voting.is_open_on(move.session, matter.id):
        return
    assembly = move.policy.bodies.assembly(matter.community)
    voting.open_vote(
        move.session, matter.id, matter.community, assembly, rules, move.now, opened_by=move.actor
    )


def end(matter: Matter, status: str, why: str, move: Move) -> Matter:
    """Close `matter` at its step: `closed` past its last step, `failed` when turned down."""
    statement = update(matters).where(matters.c.id == matter.id)
    move.session.execute(statement.values(status=status, step_due_at=None, updated_at=move.now))
    _announce(matter, current(matter, move.policy), status, why, move, None, ended=True)
    return load(move.session, matter.id)


def move_on(matter: Matter, why: str, move: Move) -> Matter:
    following = process_of(matter, move.policy).after(matter.step)
    return enter(matter, following, why, move) if following else end(matter, CLOSED, why, move)


def go_back(matter: Matter, why: str, move: Move) -> Matter:
    """Back to the step's `back_to`, to do it again; a step with none fails the matter."""
    back_to = current(matter, move.policy).back_to
    if back_to is None:
        return end(matter, FAILED, why, move)
    return enter(matter, process_of(matter, move.policy).step(back_to), why, move)


def move_on_if_done(matter: Matter, move: Move) -> Matter:
    """On to the next step if this one moves on once produced and all it produces is there."""
    if matter.status not in STATUS_OF_KIND.values():
        return matter
    step = current(matter, move.policy)
    if step.advance == "produced" and all(produced(move.session, matter, o) for o in step.produces):
        return move_on(matter, "produced", move)
    return matter


def produced(session: Session, matter: Matter, output: str) -> bool:
    """Whether `output` is recorded at the matter's present step."""
    if output == "topic":
        return True  # the matter itself
    if output in CARRIED_OUT:
        return dispatch.all_done(session, matter.id)
    if output in APPROVED:
        table, extra = reviews, [reviews.c.approved.is_(True)]
    elif output in RECORDS:
        table, extra = RECORDS[output], []
    else:
        return False
    found = exists().where(
        table.c.matter_id == matter.id, table.c.step_seq == matter.step_seq, *extra
    )
    return bool(session.scalar(select(found)))


def reviewed(matter: Matter, approved: bool, move: Move) -> Matter:
    """The party committee's review: approved moves on, sent back goes back."""
    return move_on(matter, "approved", move) if approved else go_back(matter, "sent_back", move)


def vote_closed(matter_id: str, carried: bool, move: Move) -> Matter:
    """Voting's call when the assembly's vote on `matter_id` closes, in its unit of work:
    carried moves on (to execute), not carried follows the process (back to deliberate, or
    the matter fails). Refused unless the matter is at a resolve step."""
    matter = load(move.session, matter_id)
    if matter.status != STATUS_OF_KIND["resolve"]:
        raise Refused(f"matter {matter_id} is not being voted on: it is {matter.status}")
    return move_on(matter, "carried", move) if carried else go_back(matter, "not_carried", move)


def lapse(matter: Matter, move: Move) -> Matter:
    """A step past its deadline: one left by its deadline moves on; any other is warned about,
    once, to those who act on it."""
    step = current(matter, move.policy)
    if step.advance == "deadline" and matter.status != COLLECTING:
        return move_on(matter, "deadline", move)
    statement = update(matters).where(matters.c.id == matter.id)
    move.session.execute(statement.values(step_warned_at=move.now))
    parties = move.policy.people_of(matter.community, step.by)
    data = {"step": step.id, "due_at": _iso(matter.step_due_at), "parties": parties}
    chain.append(move.session, matter.id, "step_warned", move.actor, data, move.now)
    warned = {
        "matter_id": matter.id,
        "community": matter.community,
        "title": matter.title,
        "step": step.id,
        "step_name": step.name,
        "due_at": matter.step_due_at,
        "parties": parties,
    }
    move.outbox.add(STEP_WARNED, warned, subject=matter.id)
    return load(move.session, matter.id)


def _announce(
    matter: Matter,
    step: Step,
    status: str,
    why: str,
    move: Move,
    due: datetime | None,
    ended: bool = False,
) -> None:
    """Into the chain and out as `deliberation.matter.stepped`; a matter that ended carries
    its chain's head, recorded (heads.py)."""
    data = {"from": matter.step, "to": step.id, "status": status, "why": why, "due_at": _iso(due)}
    last = chain.append(move.session, matter.id, "stepped", move.actor, data, move.now)
    stepped = {
        "matter_id": matter.id,
        "community": matter.community,
        "title": matter.title,
        "process": matter.process,
        "from_step": matter.step,
        "step": step.id,
        "step_name": step.name,
        "status": status,
        "why": why,
        "due_at": due,
        "at": move.now,
        "parties": _acting(matter, step, status, move),
    }
    if ended:
        head = heads.record(move.session, last, heads.MATTER_ENDED)
        stepped |= {"chain_length": head["length"], "chain_hash": head["hash"]}
    move.outbox.add(MATTER_STEPPED, stepped, subject=matter.id)


def _acting(matter: Matter, step: Step, status: str, move: Move) -> list[str]:
    """Who acts on the step entered; none once the matter ends."""
    if status not in STATUS_OF_KIND.values():
        return []
    return move.policy.people_of(matter.community, step.by)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
