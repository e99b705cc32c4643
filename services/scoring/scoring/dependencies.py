"""Scoring's own dependencies: its book (the district's scoring: section, its code and the
ledger's policy), built once at start, and its metrics."""

from collections.abc import Iterable

from nameko.extensions import DependencyProvider
from prometheus_client import Counter, Gauge

from gongzhi.district_store import DistrictStore
from gongzhi.telemetry import Telemetry
from scoring.earning import Book, book_of


class ScoringBook(DependencyProvider):
    store = DistrictStore()

    def setup(self) -> None:
        self.book = book_of(self.store.district)

    def get_dependency(self, worker_ctx) -> Book:
        return self.book


class ScoringMetrics(DependencyProvider):
    """Points issued (earned out of a budget) by community, and expired; anomaly flags raised
    this month by community."""

    telemetry = Telemetry()

    def setup(self) -> None:
        registry = self.telemetry.metrics.registry
        self.service = self.container.service_name
        self.issued_points = Counter(
            "gongzhi_scoring_points_issued",
            "Points earned out of a community's budget (or the district's, for residents known "
            "by a pseudonym alone), by community code.",
            ["service", "community"],
            registry=registry,
        )
        self.expired_points = Counter(
            "gongzhi_scoring_points_expired",
            "Points moved to the expiry account, past the district's expiry.after_days.",
            ["service"],
            registry=registry,
        )
        self.expired_points.labels(self.service)
        self.anomaly_flags = Gauge(
            "gongzhi_scoring_anomaly_flags",
            "Earners flagged this month (the district's month) for earning far above their "
            "community's norm, by community code; set from the database every minute.",
            ["service", "community"],
            registry=registry,
        )

    def get_dependency(self, worker_ctx) -> "ScoringMetrics":
        return self

    def issued(self, postings: Iterable[tuple[str, int]]) -> None:
        for community, points in postings:
            self.issued_points.labels(self.service, community).inc(points)

    def expired(self, points: int) -> None:
        self.expired_points.labels(self.service).inc(points)

    def flags_counted(self, by_community: Iterable[tuple[str, int]]) -> None:
        self.anomaly_flags.clear()
        for community, count in by_community:
            self.anomaly_flags.labels(self.service, community).set(count)
