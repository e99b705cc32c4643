"""Routing's decisions: assign each report, move cases through their lifecycle, keep their
clocks. Plain functions: the service's entrypoints call them inside one unit of work."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, insert, update
from sqlalchemy.orm import Session

from gongzhi.district import District
from gongzhi.district.policy import CLOCKS, Duration
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from routing import assign, cases, lifecycle, sla
from routing.events import ISSUE_ASSIGNED, ISSUE_TRANSITIONED
from routing.model import GridIndex, clocks, co_handlers, issues, transitions
from routing.workdays import WorkingCalendar

MOVES = ("transfer", "escalate", "return")  # the actions that give the case a new owner


class NotFound(LookupError):
    """No case with that id."""


@dataclass(frozen=True)
class Policy:
    """What routing decides with: the district, its calendar and its grid index."""

    district: District
    calendar: WorkingCalendar
    index: GridIndex


@dataclass(frozen=True)
class Done:
    """What a transition did, for the entrypoint's metrics and answer."""

    action: str
    from_tier: str
    to_tier: str
    status: str
    elapsed_s: float | None  # seconds since the report, for a reply or a resolution


def route_report(
    event: Event, *, session: Session, outbox: Outbox, clock: Any, policy: Policy
) -> None:
    report = event.data
    location = report["location"]
    point = (location["long"], location["lat"]) if location else None
    decision = assign.decide(policy.district, policy.index, report["category"], point)
    now = clock.now()
    reported_at = datetime.fromisoformat(report["submitted_at"]).astimezone(UTC)
    category = policy.district.category(report["category"])
    session.execute(
        insert(issues).values(
            id=report["report_id"],
            category=category.code,
            category_class=category.category_class,
            grid_code=decision.grid.code if decision.grid else None,
            community_code=decision.community,
            tier=decision.tier,
            owner_kind=decision.owner.kind,
            owner_id=decision.owner.id,
            status="assigned",
            reported_at=reported_at,
            assigned_at=now,
            updated_at=now,
            pauses=[],
            extensions={},
        )
    )
    _start_clocks(session, policy, report["report_id"], category.category_class, reported_at)
    _add_co_handlers(session, report["report_id"], decision.co_handlers)
    case = lifecycle.Case(
        "assigned", decision.tier, decision.owner, category_class=category.category_class
    )
    action = lifecycle.Action("assign", now, lifecycle.SYSTEM, reason="reported")
    _record(session, outbox, policy, report["report_id"], None, case, action, None)


def act(
    issue_id: str,
    request: dict[str, Any],
    *,
    session: Session,
    outbox: Outbox,
    clock: Any,
    policy: Policy,
) -> Done:
    """Apply one action to a case; lifecycle.Refused says why it may not be done."""
    row = cases.load(session, issue_id)
    if row is None:
        raise NotFound(issue_id)
    before = cases.as_case(row)
    action = _action(policy.district, row, request, clock.now())
    after = lifecycle.apply(before, action, ladder=policy.district.routing.ladder)
    _retime(session, policy, row, after, action)
    _record(session, outbox, policy, issue_id, before, after, action, request.get("actor_id"))
    return Done(action.name, before.tier, after.tier, after.status, _elapsed(row, action))


def finish_task(
    issue_id: str,
    co_handler: lifecycle.Owner,
    *,
    session: Session,
    outbox: Outbox,
    clock: Any,
    policy: Policy,
) -> Done:
    """A co-handler reports its task done (联动处置): the lead still owns the case."""
    row = cases.load(session, issue_id)
    if row is None:
        raise NotFound(issue_id)
    now = clock.now()
    done = cast(
        CursorResult,
        session.execute(
            update(co_handlers)
            .where(
                co_handlers.c.issue_id == issue_id,
                co_handlers.c.owner_kind == co_handler.kind,
                co_handlers.c.owner_id == co_handler.id,
                co_handlers.c.done_at.is_(None),
            )
            .values(done_at=now)
        ),
    )
    if done.rowcount != 1:
        raise lifecycle.Refused(f"{co_handler.id} has no open task on this case")
    case = cases.as_case(row)
    action = lifecycle.Action("finish_task", now, "co_handler", reason="co-handler task done")
    _record(session, outbox, policy, issue_id, case, case, action, co_handler.id)
    return Done("finish_task", case.tier, case.tier, case.status, None)


def escalate_on_red(
    session: Session, outbox: Outbox, policy: Policy, issue_id: str, clock: str, at: datetime
) -> Done | None:
    """The sweeper's move when a clock turns red: one tier up the ladder, if there is one."""
    row = cases.load(session, issue_id)
    if row is None or row["status"] not in lifecycle.OPEN:
        return None
    if assign.next_tier(policy.district, row["tier"], 1) is None:
        return None  # already at the top: the light stays red for all to see
    red_after = policy.district.sla.clocks(row["category_class"])[clock].red_after
    reason = f"{clock} clock red: not done within {red_after}"
    request = {"action": "escalate", "actor": lifecycle.SYSTEM, "reason": reason}
    before = cases.as_case(row)
    action = _action(policy.district, row, request, at)
    after = lifecycle.apply(before, action, ladder=policy.district.routing.ladder)
    _retime(session, policy, row, after, action)
    _record(session, outbox, policy, issue_id, before, after, action, None)
    return Done("escalate", before.tier, after.tier, after.status, None)


def _action(district: District, row: dict[str, Any], request: dict[str, Any], at: datetime):
    name = request["action"]
    to_tier = request.get("to_tier")
    if name in ("escalate", "return"):
        to_tier = assign.next_tier(district, row["tier"], 1 if name == "escalate" else -1)
    to_owner = _to_owner(district, row, name, request, to_tier)
    extension = request.get("extension")
    return lifecycle.Action(
        name=name,
        at=at,
        actor=request["actor"],
        reason=request.get("reason") or "",
        to_owner=to_owner,
        to_tier=to_tier,
        clock=request.get("clock"),
        extension_s=Duration.parse(extension).seconds if extension else 0.0,
        category_class=request.get("category_class"),
    )


def _to_owner(
    district: District, row: dict[str, Any], name: str, request: dict[str, Any], tier: str | None
) -> lifecycle.Owner | None:
    if name not in MOVES:
        return None
    given = request.get("to_owner")
    if given:
        return lifecycle.Owner(given["kind"], given["id"])
    if tier is None:
        return None  # transfer with neither owner nor tier: the lifecycle refuses it
    return assign.reassign(district, row["grid_code"], row["category"], tier)


def _start_clocks(
    session: Session, policy: Policy, issue_id: str, category_class: str, started_at: datetime
) -> None:
    schedules = sla.schedule_all(
        policy.district, policy.calendar, started_at, category_class=category_class
    )
    warn_before = timedelta(seconds=policy.district.sla.warn_before.seconds)
    for name, schedule in schedules.items():
        warn_at, warn_of = sla.warning(schedule, "green", started_at, warn_before)
        session.execute(
            insert(clocks).values(
                issue_id=issue_id,
                name=name,
                started_at=started_at,
                light="green",
                warn_at=warn_at,
                warn_of=warn_of,
                **cases.schedule_values(schedule),
            )
        )


def _retime(
    session: Session,
    policy: Policy,
    row: dict[str, Any],
    case: lifecycle.Case,
    action: lifecycle.Action,
) -> None:
    """Stop the clocks the new status stops, restart those the policy restarts, and move the
    rest for pauses and extensions."""
    restart = _restarts(policy.district, action.name)
    for clock_row in cases.clock_rows(session, row["id"]):
        name = clock_row["name"]
        if name in restart:
            started = {"started_at": action.at, "stopped_at": None, "light": "green"}
            _reschedule(session, policy, row, case, {**clock_row, **started}, action.at)
        elif clock_row["stopped_at"] is None and sla.stops(name, case.status):
            light = _light_now(policy, row, case, clock_row, action.at)
            _update_clock(session, row["id"], name, stopped_at=action.at, light=light, warn_at=None)
        elif clock_row["stopped_at"] is None:
            _reschedule(session, policy, row, case, clock_row, action.at)


def _restarts(district: District, action: str) -> tuple[str, ...]:
    if action == "reopen":
        return ("resolution",)
    rule = {"transfer": district.routing.on_transfer}.get(action, district.routing.on_escalation)
    return CLOCKS if action in MOVES and rule == "restart" else ()


def _reschedule(
    session: Session,
    policy: Policy,
    row: dict[str, Any],
    case: lifecycle.Case,
    clock_row: dict[str, Any],
    at: datetime,
) -> None:
    schedule = _schedule(policy, row, case, clock_row)
    light = sla.light_at(schedule, at, clock_row["light"])
    warn_before = timedelta(seconds=policy.district.sla.warn_before.seconds)
    warn_at, warn_of = sla.warning(schedule, light, clock_row["started_at"], warn_before)
    values = {"started_at": clock_row["started_at"], "stopped_at": None, "light": light}
    cases.write_schedule(session, row["id"], schedule, **values, warn_at=warn_at, warn_of=warn_of)


def _light_now(
    policy: Policy,
    row: dict[str, Any],
    case: lifecycle.Case,
    clock_row: dict[str, Any],
    at: datetime,
) -> str:
    return sla.light_at(_schedule(policy, row, case, clock_row), at, clock_row["light"])


def _schedule(
    policy: Policy, row: dict[str, Any], case: lifecycle.Case, clock_row: dict[str, Any]
) -> sla.Schedule:
    return sla.schedule(
        policy.district,
        policy.calendar,
        clock_row["name"],
        clock_row["started_at"],
        category_class=case.category_class,  # a reclassified case runs on its new clocks
        pauses=cases.pauses_of(case),
        extension_s=case.extended_s(clock_row["name"]),
    )


def _update_clock(session: Session, issue_id: str, name: str, **values: Any) -> None:
    session.execute(
        update(clocks).where(clocks.c.issue_id == issue_id, clocks.c.name == name).values(**values)
    )


def _add_co_handlers(
    session: Session, issue_id: str, found: tuple[tuple[lifecycle.Owner, str], ...]
) -> None:
    for owner, task in dict(found).items():  # one task per co-handler: the first one named
        session.execute(
            insert(co_handlers).values(
                issue_id=issue_id, owner_kind=owner.kind, owner_id=owner.id, task=task
            )
        )


def _record(
    session: Session,
    outbox: Outbox,
    policy: Policy,
    issue_id: str,
    before: lifecycle.Case | None,
    after: lifecycle.Case,
    action: lifecycle.Action,
    actor_id: str | None,
) -> None:
    """Save the case, file the transition in its history, and announce it."""
    light, due_at = cases.summary(session, issue_id)
    values = {**cases.case_values(after), "light": light, "due_at": due_at}
    session.execute(
        update(issues).where(issues.c.id == issue_id).values(**values, updated_at=action.at)
    )
    moved = before is None or before.owner != after.owner or before.tier != after.tier
    if moved:
        session.execute(update(issues).where(issues.c.id == issue_id).values(assigned_at=action.at))
    session.execute(
        insert(transitions).values(
            issue_id=issue_id,
            action=action.name,
            actor=action.actor,
            actor_id=actor_id,
            from_status=before.status if before else None,
            to_status=after.status,
            from_owner=cases.owner_json(before.owner) if before else None,
            to_owner=cases.owner_json(after.owner),
            tier=after.tier,
            reason=action.reason,
            at=action.at,
        )
    )
    announced = cases.announcement(session, policy.district, issue_id)
    change = {
        "action": action.name,
        "actor": action.actor,
        "reason": action.reason,
        "from_status": before.status if before else None,
        "from_owner": cases.owner_json(before.owner) if before else None,
        "from_tier": before.tier if before else None,
        "at": action.at.isoformat(),
    }
    outbox.add(ISSUE_TRANSITIONED, {**announced, **change}, subject=issue_id)
    if moved:
        outbox.add(ISSUE_ASSIGNED, {**announced, **change}, subject=issue_id)


def _elapsed(row: dict[str, Any], action: lifecycle.Action) -> float | None:
    if action.name not in ("reply", "resolve") or row["reported_at"] is None:
        return None
    return (action.at - cases.utc(row)["reported_at"]).total_seconds()
