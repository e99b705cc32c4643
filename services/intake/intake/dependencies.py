"""Intake's own dependencies."""

from collections.abc import Callable

import shapely
from nameko.extensions import DependencyProvider
from prometheus_client import Counter
from shapely.geometry.base import BaseGeometry

from gongzhi.district_store import DistrictStore
from gongzhi.telemetry import Telemetry


class Boundary(DependencyProvider):
    """The district's outline: the union of its leaf grids, prepared for fast point tests."""

    store = DistrictStore()

    def setup(self) -> None:
        grids = self.store.district.leaf_grids()
        self.outline = shapely.unary_union([g.polygon for g in grids if g.polygon is not None])
        shapely.prepare(self.outline)

    def get_dependency(self, worker_ctx) -> BaseGeometry:
        return self.outline


class ReportCounter(DependencyProvider):
    """`gongzhi_intake_reports_total{channel, outcome}`: outcome new, merged (a co-report of
    an open case) or refused. merged / (new + merged) is the repeat-report rate."""

    telemetry = Telemetry()

    def setup(self) -> None:
        self.counter = Counter(
            "gongzhi_intake_reports",
            "Reports taken, by channel and outcome (new, merged, refused).",
            ["service", "channel", "outcome"],
            registry=self.telemetry.metrics.registry,
        )

    def get_dependency(self, worker_ctx) -> Callable[[str, str], None]:
        service = self.container.service_name
        return lambda channel, outcome: self.counter.labels(service, channel, outcome).inc()
