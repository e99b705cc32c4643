"""Routing's own dependencies: its policy (district, calendar, grid index), the sweeper's
timer and pace, and its metrics."""

from datetime import datetime, timedelta
from itertools import pairwise

from nameko.extensions import DependencyProvider
from nameko.timer import Timer
from prometheus_client import Counter, Gauge, Histogram

from gongzhi.district_store import DistrictStore
from gongzhi.telemetry import Telemetry
from routing import sla
from routing.config import CLOCKS, routing_of
from routing.handlers import Done, Policy
from routing.lifecycle import RULES
from routing.model import GridIndex
from routing.sweep import Plan, Swept
from routing.views import OpenCount

HOUR = 3600.0
# Time to reply or resolve: from the 4-hour rule up to the 45-working-day red limit and beyond.
WAIT_BUCKETS = tuple(HOUR * h for h in (1, 4, 8, 24, 72, 120, 240, 360, 720, 1080, 2160))


class RoutingPolicy(DependencyProvider):
    """The district, its working-day calendar and its grid index, built once at start."""

    store = DistrictStore()

    def setup(self) -> None:
        district = self.store.district
        self.policy = Policy(
            district=district,
            calendar=sla.working_calendar(district.calendar),
            index=GridIndex.build(
                district.leaf_grids(), nearest_within_m=routing_of(district).nearest_grid_m
            ),
        )

    def get_dependency(self, worker_ctx) -> Policy:
        return self.policy


class SweepTimer(Timer):
    """nameko's timer, every `GONGZHI_SWEEP_SECONDS`: read from the container's settings when
    the service is set up, not when its module is imported. `@SweepTimer.decorator`."""

    def __init__(self, **kwargs):
        super().__init__(interval=None, **kwargs)

    def setup(self) -> None:
        self.interval = self.container.config["SETTINGS"].sweep_seconds


class SweepPace(DependencyProvider):
    """How much one sweeper pass may do, and when this process rechecks times an older
    calendar worked out: at start (a new calendar comes with a restart) and every
    `GONGZHI_SWEEP_RECHECK_SECONDS` after (an instance still on the old one may have written
    some meanwhile)."""

    def setup(self) -> None:
        settings = self.container.config["SETTINGS"]
        self.batch = settings.sweep_batch or Plan.batch  # GONGZHI_SWEEP_BATCH
        self.max_batches = settings.sweep_max_batches  # GONGZHI_SWEEP_MAX_BATCHES
        self.recheck_every = timedelta(seconds=settings.sweep_recheck_seconds)
        self.next_recheck: datetime | None = None  # none: at once

    def get_dependency(self, worker_ctx) -> "SweepPace":
        return self

    def plan(self, now: datetime) -> Plan:
        due = self.next_recheck is None or now >= self.next_recheck
        return Plan(batch=self.batch, recheck=due)

    def after(self, plan: Plan, swept: Swept, now: datetime) -> Plan:
        """The next batch's plan: a recheck goes on, across passes, until none is left."""
        if plan.recheck and not swept.recheck_left:
            self.next_recheck = now + self.recheck_every
            return Plan(batch=plan.batch, recheck=False)
        return plan


class RoutingMetrics(DependencyProvider):
    """Open cases by light, tier and owner kind (and by department); light changes,
    escalations and transitions counted; time to reply and to resolve."""

    telemetry = Telemetry()
    store = DistrictStore()

    def setup(self) -> None:
        registry = self.telemetry.metrics.registry
        self.open_cases = Gauge(
            "gongzhi_routing_open_cases",
            "Open cases by light, tier and owner kind (the sweeper counts them each pass).",
            ["service", "light", "tier", "owner_kind"],
            registry=registry,
        )
        self.department_cases = Gauge(
            "gongzhi_routing_open_department_cases",
            "Open cases a department owns or co-handles, by department code.",
            ["service", "department"],
            registry=registry,
        )
        self.unscheduled = Gauge(
            "gongzhi_routing_unscheduled_clocks",
            "Running clocks with no deadline: the working-day calendar lacks a year they reach.",
            ["service"],
            registry=registry,
        )
        self.provisional = Gauge(
            "gongzhi_routing_provisional_clocks",
            "Running clocks with a time reckoned by rule through a year not yet published.",
            ["service"],
            registry=registry,
        )
        self.sweep_passes = Counter(
            "gongzhi_routing_sweep_passes",
            "Sweeper passes completed.",
            ["service"],
            registry=registry,
        )
        self.sweep_batches = Counter(
            "gongzhi_routing_sweep_batches",
            "Sweeper batches run, each its own transaction (a pass runs a bounded number).",
            ["service"],
            registry=registry,
        )
        self.light_changes = Counter(
            "gongzhi_routing_light_changes",
            "Clocks that turned yellow or red.",
            ["service", "clock", "light"],
            registry=registry,
        )
        self.escalations = Counter(
            "gongzhi_routing_escalations",
            "Cases moved up a tier, by the tier left and the tier reached.",
            ["service", "from_tier", "to_tier"],
            registry=registry,
        )
        self.transitions = Counter(
            "gongzhi_routing_transitions",
            "Lifecycle transitions applied, by action.",
            ["service", "action"],
            registry=registry,
        )
        self.reply_seconds = Histogram(
            "gongzhi_routing_time_to_reply_seconds",
            "From the resident's report to the owner's reply.",
            ["service"],
            buckets=WAIT_BUCKETS,
            registry=registry,
        )
        self.resolve_seconds = Histogram(
            "gongzhi_routing_time_to_resolve_seconds",
            "From the resident's report to the case resolved.",
            ["service"],
            buckets=WAIT_BUCKETS,
            registry=registry,
        )

        self._zero_counters()

    def get_dependency(self, worker_ctx) -> "RoutingMetrics":
        return self

    def _zero_counters(self) -> None:
        """Every counter series from the start, so the first escalation is an increase too."""
        service = self.service = self.container.service_name
        for clock in CLOCKS:
            for light in ("yellow", "red"):
                self.light_changes.labels(service, clock, light)
        ladder = routing_of(self.store.district).ladder
        for lower, upper in pairwise(ladder):
            self.escalations.labels(service, lower, upper)
        for action in (*RULES, "assign", "finish_task"):
            self.transitions.labels(service, action)
        self.reply_seconds.labels(service)
        self.resolve_seconds.labels(service)
        self.unscheduled.labels(service).set(0)
        self.provisional.labels(service).set(0)
        self.sweep_passes.labels(service)
        self.sweep_batches.labels(service)

    def done(self, done: Done) -> None:
        """Count a transition once its unit of work has committed."""
        self.transitions.labels(self.service, done.action).inc()
        if done.action == "escalate":
            self.escalations.labels(self.service, done.from_tier, done.to_tier).inc()
        if done.elapsed_s is not None:
            histogram = self.reply_seconds if done.action == "reply" else self.resolve_seconds
            histogram.labels(self.service).observe(done.elapsed_s)

    def swept(self, swept: Swept) -> None:
        """Count one sweeper batch once it has committed."""
        self.sweep_batches.labels(self.service).inc()
        for clock, light in swept.lights:
            self.light_changes.labels(self.service, clock, light).inc()
        for done in swept.escalations:
            self.done(done)

    def passed(self) -> None:
        self.sweep_passes.labels(self.service).inc()

    def open(self, counts: OpenCount) -> None:
        self.open_cases.clear()
        for (light, tier, kind), count in counts.by_light_tier_kind.items():
            self.open_cases.labels(self.service, light or "none", tier, kind).set(count)
        self.department_cases.clear()
        for department, count in counts.by_department.items():
            self.department_cases.labels(self.service, department).set(count)
        self.unscheduled.labels(self.service).set(counts.unscheduled)
        self.provisional.labels(self.service).set(counts.provisional)
