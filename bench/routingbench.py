"""Routing under load: its sweeper over a large backlog of open cases (reports routed per
second by the running service: bench/routedbench.py).

The sweeper figures come from routing's own handlers on a database of their own, on a FakeClock
moved by hand. Cases are reported through `route_report` and accepted at once (the response
clock stops, as it has for most open cases); the handlers take over 10 ms a case, so only the
first ROUTED go through them and the rest are copies of their rows under new ids. Then the
clock moves until every reply clock is yellow, and again until every one is red and its case
escalates; each sweep runs until done or for SWEEP_SECONDS, and its rate is printed. Only
ordinary categories, so that each reply clock's yellow and red lie ten working days apart.
"""

import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from shapely import Point
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from bench import env, load
from gongzhi import migrations
from gongzhi.clock import as_utc
from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.district import District, load_district
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from gongzhi.testing.system import SAMPLE_DISTRICT
from gongzhi.testing.units import FakeClock
from routing import handlers, model, sla, sweep, views
from routing.config import routing_of
from routing.model import GridIndex, clocks, co_handlers, issues, transitions

CASES = 100_000  # open cases in routing's tables when the sweeper runs ...
ROUTED = 2_000  # ... of which these went through the handlers, the rest copied from them
SWEEP_SECONDS = 60.0  # each sweep phase runs until done or this long, and prints its rate
COMMIT_EVERY = 2_000  # cases created per transaction
SPREAD = timedelta(days=3)  # the cases were reported over this long ...
START = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)  # ... from Monday 3 March 2025, 08:00 in Xiguan
IDLE_PASSES = 5  # sweep passes timed with nothing due; the median is printed
SUBMITTED = "intake.report.submitted.v1"
ACCEPT = {"action": "accept", "actor": "owner"}
COPIED = (issues, clocks, co_handlers, transitions)  # a case's rows, parents first


def main(cases: int = CASES, routed: int = ROUTED) -> None:
    from bench import sweepreport  # it reads this module's settings

    with env.databases() as settings:
        sweepreport.print_sweeper(sweeper(settings["routing"], cases, routed))


@dataclass(frozen=True)
class Reports:
    """Submitted reports as intake announces them: the n-th one in the n-th leaf grid (round
    robin) and of the n-th ordinary category."""

    district: District
    places: tuple[Point, ...]
    categories: tuple[str, ...]

    @classmethod
    def of(cls, district: District) -> "Reports":
        places = tuple(grid.polygon.representative_point() for grid in district.leaf_grids())
        ordinary = (c.code for c in district.categories.values() if c.category_class == "ordinary")
        return cls(district, places, tuple(ordinary))

    def event(self, n: int, at: datetime) -> Event:
        place = self.places[n % len(self.places)]
        data = {
            "report_id": str(uuid.uuid4()),
            "category": self.categories[n % len(self.categories)],
            "location": {"long": place.x, "lat": place.y},
            "address_string": None,
            "description": load.REPORT["description"],
            "channel": "app",
            "reporter_ref": None,
            "submitted_at": at.isoformat(),
        }
        code = self.district.code
        return Event(SUBMITTED, f"/gongzhi/{code}/intake", data, code, str(uuid.uuid4()))


class Desk:
    """Routing's handlers on the bench's database and clock, in units of work of its choosing."""

    def __init__(self, settings: DatabaseSettings, district: District):
        self.engine = create_engine_for(settings)
        self.sessions = sessionmaker(self.engine)
        self.clock = FakeClock(START)
        calendar = sla.working_calendar(district.calendar)
        index = GridIndex.build(
            district.leaf_grids(), nearest_within_m=routing_of(district).nearest_grid_m
        )
        self.policy = handlers.Policy(district, calendar, index)

    def report(self, session: Session, event: Event) -> None:
        outbox = self._outbox(session, event)
        handlers.route_report(
            event, session=session, outbox=outbox, clock=self.clock, policy=self.policy
        )

    def accept(self, session: Session, issue_id: str) -> None:
        outbox = self._outbox(session)
        handlers.act(
            issue_id, ACCEPT, session=session, outbox=outbox, clock=self.clock, policy=self.policy
        )

    def sweep(self) -> sweep.Swept:
        """One pass in a unit of work of its own, as the service's timer runs it."""
        with self.sessions() as session, session.begin():
            outbox = self._outbox(session)
            return sweep.sweep(session=session, outbox=outbox, clock=self.clock, policy=self.policy)

    def open_count(self) -> views.OpenCount:
        with self.sessions() as session:
            return views.open_count(session)

    def at(self, moment: datetime) -> None:
        self.clock.advance((moment - self.clock.now()).total_seconds())

    def latest(self, column) -> datetime:
        """The latest time in `column` among the running reply clocks."""
        query = select(func.max(column)).where(
            clocks.c.name == "reply", clocks.c.stopped_at.is_(None)
        )
        with self.engine.connect() as connection:
            return as_utc(connection.execute(query).scalar_one())

    def outbox_rows(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(model.outbox)).scalar_one()

    def _outbox(self, session: Session, cause: Event | None = None) -> Outbox:
        code = self.policy.district.code
        return Outbox(
            session,
            model.outbox,
            source=f"/gongzhi/{code}/routing",
            district=code,
            correlationid=None,
            cause=cause,
            now=self.clock.now(),
        )


def sweeper(settings: DatabaseSettings, cases: int = CASES, routed: int = ROUTED) -> dict:
    """`routed` cases through the handlers, copied up to `cases`; then sweep them yellow and
    red, each for at most SWEEP_SECONDS: the figures."""
    migrations.upgrade("routing", settings)
    desk = Desk(settings, load_district(SAMPLE_DISTRICT))
    began = time.monotonic()
    figures = {"cases": cases, "created": _create(desk, min(routed, cases))}
    figures["copied_s"] = _copy(desk, cases)
    figures["idle"] = _idle(desk)
    _step("moving the clock until every reply clock is yellow, sweeping")
    desk.at(desk.latest(clocks.c.yellow_at))
    figures["yellow"] = _sweep_for(desk, SWEEP_SECONDS)
    _step("moving the clock until every reply clock is red, sweeping (escalations)")
    desk.at(desk.latest(clocks.c.red_at))
    figures["red"] = _sweep_for(desk, SWEEP_SECONDS)
    figures["seconds"] = time.monotonic() - began
    desk.engine.dispose()
    return figures


def _create(desk: Desk, cases: int) -> dict:
    reports = Reports.of(desk.policy.district)
    took = {"route_report": 0.0, "accept": 0.0, "commit": 0.0}
    _step(f"creating {cases:,} cases, {COMMIT_EVERY:,} to a transaction")
    began = time.monotonic()
    for first in range(0, cases, COMMIT_EVERY):
        with desk.sessions() as session:
            for n in range(first, min(first + COMMIT_EVERY, cases)):
                _create_one(desk, session, reports.event(n, _reported_at(n, cases)), took)
            _timed(took, "commit", session.commit)
    seconds = time.monotonic() - began
    return {"cases": cases, "seconds": seconds, "took": took, "outbox": desk.outbox_rows()}


def _create_one(desk: Desk, session: Session, event: Event, took: dict[str, float]) -> None:
    desk.at(datetime.fromisoformat(event.data["submitted_at"]))
    _timed(took, "route_report", desk.report, session, event)
    _timed(took, "accept", desk.accept, session, event.data["report_id"])


def _reported_at(n: int, cases: int) -> datetime:
    return START + SPREAD * (n / cases)


def _timed(took: dict[str, float], key: str, work, *args) -> None:
    began = time.perf_counter()
    work(*args)
    took[key] += time.perf_counter() - began


def _copy(desk: Desk, cases: int) -> float:
    """Copy the routed cases (their issue, clock, co-handler and transition rows) under new
    ids until there are `cases`; the seconds it took. Their outbox rows are not copied."""
    began = time.monotonic()
    with desk.engine.begin() as connection:
        rows = {
            table: [dict(r) for r in connection.execute(select(table)).mappings()]
            for table in COPIED
        }
        made = len(rows[issues])
        if made < cases:
            _step(f"copying {made:,} routed cases until there are {cases:,}")
        while made < cases:
            ids = {row["id"]: str(uuid.uuid4()) for row in rows[issues][: cases - made]}
            for table in COPIED:
                copies = [_renamed(row, ids) for row in rows[table] if _issue_of(row) in ids]
                if copies:
                    connection.execute(insert(table), copies)
            made += len(ids)
    return time.monotonic() - began


def _issue_of(row: dict) -> str:
    return row["issue_id"] if "issue_id" in row else row["id"]


def _renamed(row: dict, ids: dict[str, str]) -> dict:
    if "issue_id" not in row:  # the issue itself
        return row | {"id": ids[row["id"]]}
    without_id = {key: value for key, value in row.items() if key != "id"}  # a transition's
    return without_id | {"issue_id": ids[row["issue_id"]]}


def _idle(desk: Desk) -> dict:
    """A sweep pass and the open-case count (both run on each of the service's timer ticks)
    with nothing due."""
    _step(f"timing {IDLE_PASSES} sweep passes with nothing due")
    passes, changed = [], 0
    for _ in range(IDLE_PASSES):
        began = time.perf_counter()
        swept = desk.sweep()
        passes.append(time.perf_counter() - began)
        changed += len(swept.lights) + swept.warnings + swept.rechecked
    began = time.perf_counter()
    desk.open_count()
    return {
        "pass": statistics.median(passes),
        "count": time.perf_counter() - began,
        "changed": changed,
    }


def _sweep_for(desk: Desk, budget: float) -> dict:
    """Pass after pass until one changes nothing or `budget` seconds are spent; also when the
    service's own loop, which stops at the first batch that is not full, would have stopped."""
    outbox, passes, stops_after = desk.outbox_rows(), 0, 0
    totals = {"lights": 0, "warnings": 0, "escalations": 0}
    began = time.monotonic()
    while True:
        swept = desk.sweep()
        passes += 1
        stops_after = stops_after or (passes if not swept.full else 0)
        totals["lights"] += len(swept.lights)
        totals["warnings"] += swept.warnings
        totals["escalations"] += len(swept.escalations)
        done = not (swept.lights or swept.warnings or swept.rechecked)
        if done or time.monotonic() - began >= budget:
            break
    return totals | {
        "seconds": time.monotonic() - began,
        "passes": passes,
        "done": done,
        "stops_after": stops_after,
        "outbox": desk.outbox_rows() - outbox,
        "at": desk.clock.now(),
    }


def _step(text: str) -> None:
    print(f"... {text}", file=sys.stderr, flush=True)
