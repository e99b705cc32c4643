"""Decided matters for the board's bench (bench/boardbench.py): some taken through
deliberation's own decisions on the sample district, one unit of work each as the service runs
them, and the rest copies of these in bulk, each with an id and a close time of its own."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from deliberation import casting, closing, matters, meetings, model, records
from deliberation.matters import NewMatter
from deliberation.meetings import Call
from deliberation.policy import Policy, policy_of
from deliberation.records import Review, Task
from deliberation.steps import Move
from gongzhi.district import load_district
from gongzhi.testing.system import SAMPLE_DISTRICT
from gongzhi.testing.units import FakeClock, outbox_for

COMMUNITY = "620502001001"  # Xiguan's "1+4+N": a quorum of half, in every party too
START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
SECRETARY, PARTY_CORE = "secretary-1", "p-1001"
CHECKED = {"lawful": True, "sound": True, "fair": True, "funded": True, "procedure": True}
VOTERS = [f"p-{n}" for n in range(1101, 1114)] + ["p-1001", "p-1009", "p-1125", "p-1011"]
PROPERTY = "p-1010"  # the property company's one member: away, the vote is not carried
TASK = Task("疏通主管道", "department", "city-management", "blocked-sewer", "street")
CHUNK = 1000
MOVES = ("raised", "stepped")


class Secretary:
    """Runs deliberation's decisions as its service would: one unit of work each."""

    def __init__(self, session: Session, policy: Policy):
        self.session, self.policy, self.clock = session, policy, FakeClock(START)

    def run(self, decide: Callable[..., Any], *args: Any, actor: str = SECRETARY) -> Any:
        outbox = outbox_for(self.session, model.metadata, self.clock, service="deliberation")
        move = Move(actor, self.clock.now(), self.policy, self.session, outbox)
        done = decide(*args, move)
        self.session.commit()
        return done


def seed(session: Session, count: int, real: int) -> list[str]:
    """`count` decided matters of COMMUNITY, `real` of them through the decisions."""
    secretary = Secretary(session, policy_of(load_district(SAMPLE_DISTRICT)))
    made = [decided(secretary, n) for n in range(real)]
    return made + copies(session, made, count - real)


def decided(secretary: Secretary, n: int) -> str:
    title = f"议题 {n}: 小区停车位规划"
    new = NewMatter(COMMUNITY, title, "晚上车位不够, 消防通道被占", "staff")
    matter_id = secretary.run(matters.start, new).id
    at = secretary.clock.now() + timedelta(hours=6)
    meeting = secretary.run(meetings.call, matter_id, Call("社区议事厅", "停车方案", at))
    secretary.run(meetings.attendance, meeting, [PARTY_CORE])
    secretary.run(records.record_minutes, matter_id, meeting, "议定", {"party_core": "同意"})
    secretary.run(records.record_plan, matter_id, "划线增设车位", [TASK])
    secretary.run(records.record_review, matter_id, Review(CHECKED, True), actor=PARTY_CORE)
    for voter in VOTERS + ([PROPERTY] if n % 2 == 0 else []):
        ballot = casting.Cast(voter, voter, "agree", None)
        secretary.run(lambda move, b=ballot: casting.cast(move.session, matter_id, b, move.now))
    secretary.clock.advance(3600)
    secretary.run(
        lambda move: closing.close(
            move.session, move.outbox, matter_id, SECRETARY, move.now, move.policy
        )
    )
    return matter_id


@dataclass(frozen=True)
class Original:
    """One decided matter's rows that the board reads."""

    matter: dict
    vote: dict
    steps: list[dict]  # the chain's entries that put it at a step
    plan: dict
    tasks: list[dict]


def copies(session: Session, made: list[str], count: int) -> list[str]:
    """`count` copies of the matters `made`, each closed a minute before the one after it,
    all before the first of `made`: their matters, votes, chain steps, plans and tasks."""
    sources = [original(session, matter_id) for matter_id in made]
    first_close = min(source.vote["closed_at"] for source in sources)
    next_plan = max(source.plan["id"] for source in sources) + 1
    new_ids: list[str] = []
    rows: dict[str, list[dict]] = {table.name: [] for table in COPIED}
    for n in range(count):
        new_id, closed = str(uuid.uuid4()), first_close - timedelta(minutes=n + 1)
        for name, found in copied(sources[n % len(sources)], new_id, closed, next_plan + n):
            rows[name] += found
        new_ids.append(new_id)
        if len(rows["chain_entries"]) >= CHUNK or n == count - 1:
            write(session, rows)
    return new_ids


def original(session: Session, matter_id: str) -> Original:
    def found(table: Table, *where: Any) -> list[dict]:
        return [dict(row) for row in session.execute(select(table).where(*where)).mappings()]

    chain, plans = model.chain_entries.c, model.plans.c
    [matter] = found(model.matters, model.matters.c.id == matter_id)
    [vote] = found(model.votes, model.votes.c.matter_id == matter_id)
    steps = found(model.chain_entries, chain.matter_id == matter_id, chain.kind.in_(MOVES))
    plan = max(found(model.plans, plans.matter_id == matter_id), key=lambda p: p["id"])
    tasks = found(model.plan_tasks, model.plan_tasks.c.plan_id == plan["id"])
    return Original(matter, vote, steps, plan, tasks)


def copied(source: Original, new_id: str, closed: datetime, plan_id: int):
    """The rows of a copy of `source`, table by table."""
    yield "matters", [{**source.matter, "id": new_id}]
    yield "votes", [{**source.vote, "matter_id": new_id, "closed_at": closed}]
    yield "chain_entries", [{**step, "matter_id": new_id} for step in source.steps]
    yield "plans", [{**source.plan, "id": plan_id, "matter_id": new_id}]
    tasks = [{**task, "id": str(uuid.uuid4()), "plan_id": plan_id} for task in source.tasks]
    yield "plan_tasks", tasks


def write(session: Session, rows: dict[str, list[dict]]) -> None:
    for table in COPIED:  # in this order: a row's parent before it
        if rows[table.name]:
            session.execute(insert(table), rows[table.name])
            rows[table.name] = []
    session.commit()


COPIED: tuple[Table, ...] = (
    model.matters,
    model.votes,
    model.chain_entries,
    model.plans,
    model.plan_tasks,
)
