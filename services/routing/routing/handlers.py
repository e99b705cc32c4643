"""Routing's decisions: assign each report, move cases through their lifecycle, keep their
clocks. Plain functions: the service's entrypoints call them inside one unit of work."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, insert, update
from sqlalchemy.orm import Session

from gongzhi.district import District
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from gongzhi.workdays import WorkingCalendar
from routing import assign, cases, lifecycle, timekeeping
from routing.config import Duration, routing_of, sla_of
from routing.events import ISSUE_ASSIGNED, ISSUE_TRANSITIONED
from routing.model import GridIndex, co_handlers, issues, transitions


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
    case = lifecycle.Case(
        "assigned", decision.tier, decision.owner, category_class=category.category_class
    )
    session.execute(
        insert(issues).values(
            id=report["report_id"],
            category=category.code,
            grid_code=decision.grid.code if decision.grid else None,
            community_code=decision.community,
            reported_at=reported_at,
            assigned_at=now,
            **cases.case_values(case),
        )
    )
    timekeeping.start(
        session,
        policy.district,
        policy.calendar,
        report["report_id"],
        category.category_class,
        reported_at,
    )
    _add_co_handlers(session, report["report_id"], decision.co_handlers)
    action = lifecycle.Action("assign", now, lifecycle.SYSTEM, reason="reported")
    record(session, outbox, policy, report["report_id"], None, case, action, None)


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
    row = _loaded(session, issue_id)
    return apply_request(session, outbox, policy, row, request, clock.now())


def finish_task(
    issue_id: str,
    co_handler_id: str,
    *,
    session: Session,
    outbox: Outbox,
    clock: Any,
    policy: Policy,
) -> Done:
    """A co-handler reports its task done (联动处置): the lead still owns the case."""
    row = _loaded(session, issue_id)
    now = clock.now()
    done = cast(
        CursorResult,
        session.execute(
            update(co_handlers)
            .where(
                co_handlers.c.issue_id == issue_id,
                co_handlers.c.owner_id == co_handler_id,
                co_handlers.c.done_at.is_(None),
            )
            .values(done_at=now)
        ),
    )
    if done.rowcount != 1:
        raise lifecycle.Refused(f"{co_handler_id} has no open task on this case")
    case = cases.as_case(row)
    action = lifecycle.Action("finish_task", now, "co_handler", reason="co-handler task done")
    record(session, outbox, policy, issue_id, case, case, action, co_handler_id)
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
    red_after = sla_of(policy.district).clocks(row["category_class"])[clock].red_after
    reason = f"{clock} clock red: not done within {red_after}"
    request = {"action": "escalate", "actor": lifecycle.SYSTEM, "reason": reason}
    return apply_request(session, outbox, policy, row, request, at)


def _loaded(session: Session, issue_id: str) -> dict[str, Any]:
    """The case's row, locked; NotFound when there is none."""
    row = cases.load(session, issue_id)
    if row is None:
        raise NotFound(issue_id)
    return row


def apply_request(
    session: Session,
    outbox: Outbox,
    policy: Policy,
    row: dict[str, Any],
    request: dict[str, Any],
    at: datetime,
) -> Done:
    """The lifecycle's step, the clocks it stops, restarts or moves, the history, the events."""
    before = cases.as_case(row)
    action = _action(policy.district, row, request, at)
    after = lifecycle.apply(before, action, ladder=routing_of(policy.district).ladder)
    timekeeping.retime(session, policy.district, policy.calendar, row["id"], after, action)
    record(session, outbox, policy, row["id"], before, after, action, request.get("actor_id"))
    return Done(action.name, before.tier, after.tier, after.status, _elapsed(row, action))


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
        answer=_answer(request.get("answer")),
    )


def _answer(given: dict[str, Any] | None) -> lifecycle.Answer | None:
    if given is None:
        return None
    return lifecycle.Answer(given["text"], tuple(given.get("photos") or ()))


def _to_owner(
    district: District, row: dict[str, Any], name: str, request: dict[str, Any], tier: str | None
) -> lifecycle.Owner | None:
    if name not in timekeeping.MOVES:
        return None
    given = request.get("to_owner")
    if given:
        owner = lifecycle.Owner(given["kind"], given["id"])
        unknown = assign.unknown_owner(district, owner)
        if unknown:
            raise lifecycle.Refused(unknown)
        return owner
    if tier is None:
        return None  # transfer with neither owner nor tier: the lifecycle refuses it
    return assign.reassign(district, row["grid_code"], row["category"], tier)


def _add_co_handlers(
    session: Session, issue_id: str, found: tuple[tuple[lifecycle.Owner, str], ...]
) -> None:
    for owner, task in dict(found).items():  # one task per co-handler: the first one named
        session.execute(
            insert(co_handlers).values(
                issue_id=issue_id, owner_kind=owner.kind, owner_id=owner.id, task=task
            )
        )


def record(
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
    clock_rows = cases.clock_rows(session, issue_id)
    light, due_at = cases.summary(clock_rows)
    moved = before is None or before.owner != after.owner or before.tier != after.tier
    values = {**cases.case_values(after), "light": light, "due_at": due_at}
    values |= {"updated_at": action.at} | ({"assigned_at": action.at} if moved else {})
    session.execute(update(issues).where(issues.c.id == issue_id).values(**values))
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
            answer=cases.answer_json(action.answer),
            at=action.at,
        )
    )
    announced = cases.announcement(session, policy.district, issue_id, clock_rows)
    change = {
        "action": action.name,
        "actor": action.actor,
        "reason": action.reason,
        "from_status": before.status if before else None,
        "from_owner": cases.owner_json(before.owner) if before else None,
        "from_tier": before.tier if before else None,
        "at": action.at.isoformat(),
    } | ({"answer": cases.answer_json(action.answer)} if action.answer else {})
    outbox.add(ISSUE_TRANSITIONED, {**announced, **change}, subject=issue_id)
    if moved:
        outbox.add(ISSUE_ASSIGNED, {**announced, **change}, subject=issue_id)


def _elapsed(row: dict[str, Any], action: lifecycle.Action) -> float | None:
    if action.name not in ("reply", "resolve") or row["reported_at"] is None:
        return None
    return (action.at - cases.utc(row)["reported_at"]).total_seconds()
