"""Routing's own dependencies: its policy (district, calendar, grid index) and its metrics."""

from nameko.extensions import DependencyProvider
from prometheus_client import Counter, Gauge, Histogram

from gongzhi.service import DistrictStore
from gongzhi.telemetry import Telemetry
from routing import sla
from routing.handlers import Done, Policy
from routing.model import GridIndex
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
                district.leaf_grids(), nearest_within_m=district.routing.nearest_grid_m
            ),
        )

    def get_dependency(self, worker_ctx) -> Policy:
        return self.policy


class RoutingMetrics(DependencyProvider):
    """Open cases by light, tier and owner kind (and by department); light changes,
    escalations and transitions counted; time to reply and to resolve."""

    telemetry = Telemetry()

    def setup(self) -> None:
        registry = self.telemetry.metrics.registry
        self.open_cases = Gauge(
            "gongzhi_routing_open_cases",
            "Open cases by light, tier and owner kind (the sweeper counts them each pass).",
            ["light", "tier", "owner_kind"],
            registry=registry,
        )
        self.department_cases = Gauge(
            "gongzhi_routing_open_department_cases",
            "Open cases a department owns or co-handles, by department code.",
            ["department"],
            registry=registry,
        )
        self.unscheduled = Gauge(
            "gongzhi_routing_unscheduled_clocks",
            "Running clocks with no deadline: the working-day calendar lacks a year they reach.",
            registry=registry,
        )
        self.light_changes = Counter(
            "gongzhi_routing_light_changes",
            "Clocks that turned yellow or red.",
            ["clock", "light"],
            registry=registry,
        )
        self.escalations = Counter(
            "gongzhi_routing_escalations",
            "Cases moved up a tier, by the tier left and the tier reached.",
            ["from_tier", "to_tier"],
            registry=registry,
        )
        self.transitions = Counter(
            "gongzhi_routing_transitions",
            "Lifecycle transitions applied, by action.",
            ["action"],
            registry=registry,
        )
        self.reply_seconds = Histogram(
            "gongzhi_routing_time_to_reply_seconds",
            "From the resident's report to the owner's reply.",
            buckets=WAIT_BUCKETS,
            registry=registry,
        )
        self.resolve_seconds = Histogram(
            "gongzhi_routing_time_to_resolve_seconds",
            "From the resident's report to the case resolved.",
            buckets=WAIT_BUCKETS,
            registry=registry,
        )

    def get_dependency(self, worker_ctx) -> "RoutingMetrics":
        return self

    def done(self, done: Done) -> None:
        """Count a transition once its unit of work has committed."""
        self.transitions.labels(done.action).inc()
        if done.action == "escalate":
            self.escalations.labels(done.from_tier, done.to_tier).inc()
        if done.elapsed_s is not None:
            histogram = self.reply_seconds if done.action == "reply" else self.resolve_seconds
            histogram.observe(done.elapsed_s)

    def light(self, clock: str, light: str) -> None:
        self.light_changes.labels(clock, light).inc()

    def open(self, counts: OpenCount) -> None:
        self.open_cases.clear()
        for (light, tier, kind), count in counts.by_light_tier_kind.items():
            self.open_cases.labels(light or "none", tier, kind).set(count)
        self.department_cases.clear()
        for department, count in counts.by_department.items():
            self.department_cases.labels(department).set(count)
        self.unscheduled.set(counts.unscheduled)
