"""Routing's handlers against a real SQLite session, the sample district and a clock moved by
hand. `desk` reports, acts and sweeps as the service would, one unit of work at a time."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from gongzhi import workdays
from gongzhi.district import District, load_district
from gongzhi.envelope import Event
from gongzhi.testing.units import FakeClock, an_event, outbox_events, outbox_for, session_fixture
from routing import councils, handlers, model, sla, sweep
from routing.clocks import ClockTimes, Measure, Timeline, clock_times
from routing.config import routing_of
from routing.lifecycle import Action, Answer, Case, Owner, apply
from routing.model import GridIndex

SAMPLE_DISTRICT = Path(__file__).parents[4] / "deploy" / "districts" / "xiguan"


@pytest.fixture(scope="session")
def district() -> District:
    return load_district(SAMPLE_DISTRICT)


@pytest.fixture(scope="session")
def policy(district) -> handlers.Policy:
    nearest_grid_m = routing_of(district).nearest_grid_m
    index = GridIndex.build(district.leaf_grids(), nearest_within_m=nearest_grid_m)
    return handlers.Policy(district, sla.working_calendar(district.calendar), index)


# What an owner tells the resident when the work is done (办结情况告知).
SEWER_CLEARED = {"text": "管道已疏通, 路面已清理", "photos": ["https://img.example.cn/after.jpg"]}


class Desk:
    """One case desk: what routing's entrypoints do, and the events they leave."""

    def __init__(self, session: Session, policy: handlers.Policy, clock: FakeClock):
        self.session, self.policy, self.clock = session, policy, clock
        self.seen = 0

    def report(self, report_id: str, category: str, point: tuple[float, float] | None) -> None:
        data = {
            "report_id": report_id,
            "category": category,
            "location": {"long": point[0], "lat": point[1]} if point else None,
            "description": "测试",
            "channel": "app",
            "reporter_ref": None,
            "submitted_at": self.clock.now().isoformat(),
        }
        event = an_event("intake.report.submitted.v1", data)
        handlers.route_report(
            event,
            session=self.session,
            outbox=self._outbox(event),
            clock=self.clock,
            policy=self.policy,
        )

    def act(self, report_id: str, action: str, actor: str = "owner", **given: Any) -> handlers.Done:
        request = {"action": action, "actor": actor, **given}
        return handlers.act(
            report_id,
            request,
            session=self.session,
            outbox=self._outbox(),
            clock=self.clock,
            policy=self.policy,
        )

    def council(self, type_: str, data: dict[str, Any]) -> None:
        """What deliberation announces: a decision (matter.decided) or a task (task.assigned)."""
        event = an_event(f"deliberation.{type_}.v1", data)
        handler = councils.answer_with_decision if type_ == "matter.decided" else councils.open_task
        outbox = self._outbox(event)
        handler(event, session=self.session, outbox=outbox, clock=self.clock, policy=self.policy)

    def settle(self, report_id: str) -> handlers.Done:
        """The owner accepts, starts, replies and resolves, telling the resident what was done."""
        for action in ("accept", "start", "reply"):
            self.act(report_id, action)
        return self.act(report_id, "resolve", answer=SEWER_CLEARED)

    def sweep(self, *, recheck: bool = False, batch: int = 100) -> sweep.Swept:
        return sweep.sweep(
            session=self.session,
            outbox=self._outbox(),
            clock=self.clock,
            policy=self.policy,
            plan=sweep.Plan(batch=batch, recheck=recheck),
        )

    def at(self, moment: datetime) -> None:
        self.clock.advance((moment - self.clock.now()).total_seconds())

    def events(self, kind: str | None = None) -> list[Event]:
        """Events announced since the last call (of one type, if given)."""
        every = outbox_events(self.session, model.metadata)
        fresh, self.seen = every[self.seen :], len(every)
        return [e for e in fresh if kind is None or e.type == f"routing.issue.{kind}.v1"]

    def clocks(self, report_id: str) -> dict[str, dict]:
        from routing import cases

        return {row["name"]: row for row in cases.clock_rows(self.session, report_id)}

    def _outbox(self, cause: Event | None = None):
        return outbox_for(self.session, model.metadata, self.clock, service="routing", cause=cause)


session = session_fixture(model.metadata)


@pytest.fixture
def desk(session, policy) -> Desk:
    start = datetime.fromisoformat("2026-09-30T10:00:00+08:00").astimezone(UTC)  # stored as UTC
    return Desk(session, policy, FakeClock(start))


# What the clock tests share: China's calendar for 2024–2026, Shanghai time, the Huizhou reply.

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = workdays.china([2024, 2025, 2026])
HOUR = 3600
WORKING_DAY = 24 * HOUR  # a working date counts whole, midnight to midnight


def at(*when: int) -> datetime:
    return datetime(*when, tzinfo=SHANGHAI)


def line(measure: Measure, calendar: workdays.WorkingCalendar = CALENDAR) -> Timeline:
    return Timeline(calendar, SHANGHAI, measure)


def huizhou_reply(started_at: datetime, **changes) -> ClockTimes:
    """Reply within 5 working days (green until then), red once 15 have passed."""
    return clock_times(
        line("working_days"),
        started_at,
        budget_s=5 * WORKING_DAY,
        yellow_s=5 * WORKING_DAY,
        red_s=15 * WORKING_DAY,
        **changes,
    )


# What the lifecycle tests share: a moment, the owners, and a case just reported.

T0 = datetime(2026, 5, 6, 9, 30, tzinfo=SHANGHAI)
GRID_WORKER = Owner("grid_worker", "gw-620502001001001")
COMMUNITY = Owner("community", "620502001001")
STREET = Owner("street", "620502001")
DISTRICT = Owner("district", "620502")
HOUSING = Owner("department", "housing")
NEEDS_A_REASON = (
    "transfer",
    "escalate",
    "return",
    "reopen",
    "request_pause",
    "request_extension",
    "reject",
    "reclassify",
)


def reported() -> Case:
    return Case("assigned", "grid", GRID_WORKER)


def hours_later(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def by_owner(case: Case, name: str, hours: float = 0, **details) -> Case:
    return apply(case, Action(name, hours_later(hours), "owner", **details))


def by_supervisor(case: Case, name: str, hours: float = 0, **details) -> Case:
    return apply(case, Action(name, hours_later(hours), "supervisor", **details))


def by_system(case: Case, name: str, hours: float = 0, **details) -> Case:
    return apply(case, Action(name, hours_later(hours), "system", **details))


CLEARED = Answer("管道已疏通, 路面已清理")


def worked(case: Case, *names: str) -> Case:
    """The owner's steps, each well formed: a resolution tells the resident what was done."""
    for name in names:
        case = by_owner(case, name, **({"answer": CLEARED} if name == "resolve" else {}))
    return case


def paused_ask() -> Case:
    return by_owner(worked(reported(), "accept"), "request_pause", reason="resident away")


def paused(hours: float = 1) -> Case:
    asked = by_owner(worked(reported(), "accept", "start"), "request_pause", reason="鉴定中")
    return by_supervisor(asked, "approve", hours)


def asked_for_extension(seconds: float, clock: str = "reply") -> Case:
    case = worked(reported(), "accept")
    return by_owner(
        case, "request_extension", reason="awaiting the housing office", clock=clock,
        extension_s=seconds,
    )  # fmt: skip
