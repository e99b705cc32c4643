"""Routing's handlers against a real SQLite session, the sample district and a clock moved by
hand. `desk` reports, acts and sweeps as the service would, one unit of work at a time."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from gongzhi.district import District, load_district
from gongzhi.envelope import Event
from gongzhi.testing.units import FakeClock, outbox_events, outbox_for, sqlite_engine
from routing import handlers, model, sla, sweep
from routing.model import GridIndex

SAMPLE_DISTRICT = Path(__file__).parents[4] / "deploy" / "districts" / "xiguan"


@pytest.fixture(scope="session")
def district() -> District:
    return load_district(SAMPLE_DISTRICT)


@pytest.fixture(scope="session")
def policy(district) -> handlers.Policy:
    index = GridIndex.build(district.leaf_grids(), nearest_within_m=district.routing.nearest_grid_m)
    return handlers.Policy(district, sla.working_calendar(district.calendar), index)


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
        event = Event(
            type="intake.report.submitted.v1",
            source="/gongzhi/620502001/intake",
            data=data,
            district="620502001",
            correlationid="c1",
        )
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

    def sweep(self) -> sweep.Swept:
        return sweep.sweep(
            session=self.session, outbox=self._outbox(), clock=self.clock, policy=self.policy
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


@pytest.fixture
def session():
    with Session(sqlite_engine(model.metadata)) as session:
        yield session


@pytest.fixture
def desk(session, policy) -> Desk:
    start = datetime.fromisoformat("2026-09-30T10:00:00+08:00").astimezone(UTC)  # stored as UTC
    return Desk(session, policy, FakeClock(start))
