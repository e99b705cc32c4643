"""The sweeper: turns lights as time passes, warns supervisors ahead of them, escalates on red,
and works out again the clock times that an older calendar left unscheduled or provisional.

Each call works through one batch of due clocks, found by index (`yellow_at`, `red_at`,
`warn_at`), and changes a light only if it still is what was read: two sweepers, or a sweep
run twice, change each light once and announce it once. The service calls `sweep` again while
a batch comes back full, up to a bounded number of batches a pass. Times the calendar cannot
reach are not re-read every pass: only when `recheck` asks, for clocks worked out with another
calendar version, and each is then stamped with the current one, so a recheck always ends.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update
from sqlalchemy.orm import Session

from gongzhi.district import District, Grid
from gongzhi.outbox import Outbox
from routing import cases, sla, timekeeping
from routing.events import ISSUE_WARNED, LIGHT_CHANGED
from routing.handlers import Done, Policy, escalate_on_red
from routing.model import clocks, issues


@dataclass(frozen=True)
class Plan:
    """What one call may do: at most `batch` rows a query; rechecks only when asked."""

    batch: int = 100
    recheck: bool = False


@dataclass
class Swept:
    batch: int
    lights: list[tuple[str, str]] = field(default_factory=list)  # (clock, new light)
    escalations: list[Done] = field(default_factory=list)
    warnings: int = 0
    rechecked: int = 0
    most_read: int = 0  # the largest batch a light or warning query read
    recheck_read: int = 0  # clocks the recheck query read

    @property
    def recheck_left(self) -> bool:
        """The recheck read a whole batch: there may be more to recheck."""
        return self.recheck_read >= self.batch

    @property
    def full(self) -> bool:
        """A query read a whole batch: there may be more, sweep again."""
        return self.most_read >= self.batch or self.recheck_left


def sweep(
    *, session: Session, outbox: Outbox, clock: Any, policy: Policy, plan: Plan = Plan()
) -> Swept:
    now, swept = clock.now(), Swept(plan.batch)
    running = clocks.c.stopped_at.is_(None)
    to_red = and_(running, clocks.c.light.in_(("green", "yellow")), clocks.c.red_at <= now)
    to_yellow = and_(running, clocks.c.light == "green", clocks.c.yellow_at <= now)
    for condition, oldest in ((to_red, clocks.c.red_at), (to_yellow, clocks.c.yellow_at)):
        for row in _due(session, condition, oldest, swept):
            _turn(session, outbox, policy, row, now, swept)
    for row in _due(session, and_(running, clocks.c.warn_at <= now), clocks.c.warn_at, swept):
        swept.warnings += _warn(session, outbox, policy, row, now)
    if plan.recheck:
        _recheck_all(session, policy, now, swept)
    return swept


def _recheck_all(session: Session, policy: Policy, now: datetime, swept: Swept) -> None:
    """Work out again the times of clocks that another calendar left unscheduled or
    provisional; each is stamped with this calendar's version, found or not."""
    version = clocks.c.calendar_version
    stale = and_(
        clocks.c.stopped_at.is_(None),
        or_(clocks.c.unscheduled.is_not(None), clocks.c.provisional.is_not(None)),
        or_(version.is_(None), version != policy.calendar.version),
    )
    rows = _locked(session, stale, clocks.c.started_at, swept.batch)
    for row in rows:
        swept.rechecked += _recheck(session, policy, row, now)
    swept.recheck_read = len(rows)


def _due(session: Session, condition, oldest, swept: Swept) -> list[dict[str, Any]]:
    rows = _locked(session, condition, oldest, swept.batch)
    swept.most_read = max(swept.most_read, len(rows))
    return rows


def _locked(session: Session, condition, oldest, batch: int) -> list[dict[str, Any]]:
    """One batch of clocks, the longest due first, locked; rows another sweeper holds are
    skipped. Ordered by the indexed time, so the planner walks that index."""
    query = (
        select(clocks, issues.c.category, issues.c.tier, issues.c.grid_code)
        .join(issues, issues.c.id == clocks.c.issue_id)
        .where(condition)
        .order_by(oldest)
        .limit(batch)
        .with_for_update(of=clocks, skip_locked=True)
    )
    return [cases.utc(dict(row)) for row in session.execute(query).mappings()]


def _turn(
    session: Session, outbox: Outbox, policy: Policy, row: dict[str, Any], now: datetime, swept
) -> None:
    red_at = row["red_at"]  # none when the calendar cannot reach it yet: not red
    light = "red" if red_at is not None and red_at <= now else "yellow"
    if not _changed(session, row, light, policy):
        return  # another sweeper got there first
    case = cases.load(session, row["issue_id"])
    assert case is not None  # the clock's foreign key
    _refresh_summary(session, row["issue_id"])
    outbox.add(LIGHT_CHANGED, _light_event(row, case, light, now), subject=row["issue_id"])
    swept.lights.append((row["name"], light))
    if light == "red":
        done = escalate_on_red(session, outbox, policy, row["issue_id"], row["name"], now)
        if done is not None:
            swept.escalations.append(done)


def _changed(session: Session, row: dict[str, Any], light: str, policy: Policy) -> bool:
    schedule = cases.schedule_of(row)
    warn_before = timekeeping.warn_before(policy.district)
    warn_at, warn_of = sla.warning(schedule, light, row["started_at"], warn_before)
    if row["warn_of"] == "red" and light == "yellow":  # a red warning still to come: keep it
        warn_at, warn_of = row["warn_at"], row["warn_of"]
    result = cast(
        CursorResult,
        session.execute(
            update(clocks)
            .where(
                clocks.c.issue_id == row["issue_id"],
                clocks.c.name == row["name"],
                clocks.c.light == row["light"],
                clocks.c.started_at == row["started_at"],  # not restarted since it was read
            )
            .values(light=light, warn_at=warn_at, warn_of=warn_of)
        ),
    )
    return result.rowcount == 1


def _warn(
    session: Session, outbox: Outbox, policy: Policy, row: dict[str, Any], now: datetime
) -> int:
    """Warn the supervisors of the light to come, and set the next warning. A light whose
    time has passed is not warned of: its change is announced instead."""
    turns_at = row["yellow_at"] if row["warn_of"] == "yellow" else row["red_at"]
    case = cases.load(session, row["issue_id"])
    assert case is not None
    schedule = cases.schedule_of(row)
    nxt = sla.warning(
        schedule, row["warn_of"], row["started_at"], timekeeping.warn_before(policy.district)
    )
    session.execute(
        update(clocks)
        .where(clocks.c.issue_id == row["issue_id"], clocks.c.name == row["name"])
        .values(warn_at=nxt[0], warn_of=nxt[1])
    )
    if turns_at is None or turns_at <= now:
        return 0
    outbox.add(
        ISSUE_WARNED,
        {
            "issue_id": row["issue_id"],
            "category": row["category"],
            "clock": row["name"],
            "light": row["warn_of"],
            "turns_at": turns_at.isoformat(),
            "tier": case["tier"],
            "owner": {"kind": case["owner_kind"], "id": case["owner_id"]},
            "supervisors": supervisors(policy.district, row["grid_code"]),
        },
        subject=row["issue_id"],
    )
    return 1


def _recheck(session: Session, policy: Policy, row: dict[str, Any], now: datetime) -> int:
    """Work a clock's times out again with this calendar; its light turns next pass. 1 when
    a time changed or lost its provisional mark."""
    case = cases.load(session, row["issue_id"])
    assert case is not None
    clock_row = {key: row[key] for key in ("issue_id", "name", "started_at", "light")}
    times = timekeeping.reschedule(
        session, policy.district, policy.calendar, cases.as_case(case), clock_row, now
    )
    before = (row["deadline"], row["yellow_at"], row["red_at"], cases.provisional_of(row))
    if (times.deadline, times.yellow_at, times.red_at, list(times.provisional)) == before:
        return 0
    _refresh_summary(session, row["issue_id"])
    return 1


def supervisors(district: District, grid_code: str | None) -> list[str]:
    """The grid supervisors nearest above the case's grid (the top of the tree if none)."""
    node: Grid | None = district.grid(grid_code) if grid_code else None
    while node is not None:
        found = [m.id for m in node.roster if m.role == "grid_supervisor"]
        if found:
            return found
        node = district.grid(node.parent) if node.parent else None
    return []


def _refresh_summary(session: Session, issue_id: str) -> None:
    light, due_at = cases.summary(cases.clock_rows(session, issue_id))
    session.execute(
        update(issues).where(issues.c.id == issue_id).values(light=light, due_at=due_at)
    )


def _light_event(row: dict[str, Any], case: dict[str, Any], light: str, now: datetime) -> dict:
    return {
        "issue_id": row["issue_id"],
        "category": row["category"],
        "clock": row["name"],
        "from_light": row["light"],
        "to_light": light,
        "tier": case["tier"],
        "owner": {"kind": case["owner_kind"], "id": case["owner_id"]},
        "at": now.isoformat(),
    }
