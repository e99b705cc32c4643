"""Prometheus metrics every service exposes, in a registry of its own (bounded label values)."""

import math
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class ServiceMetrics:
    def __init__(self, service: str):
        self.service = service
        self.registry = CollectorRegistry()
        r, s = self.registry, {"service": service}
        self.requests = Counter(
            "gongzhi_entrypoint_requests",
            "Entrypoint calls by outcome: success, rejected (4xx) or error.",
            ["service", "entrypoint", "outcome"],
            registry=r,
        )
        self.duration = Histogram(
            "gongzhi_entrypoint_duration_seconds",
            "Time spent in an entrypoint.",
            ["service", "entrypoint"],
            registry=r,
        )
        self.outbox_published = _counter(
            "gongzhi_outbox_published", "Events published and confirmed by the broker.", r, s
        )
        self.outbox_returned = _counter(
            "gongzhi_outbox_returned", "Events the broker returned as unroutable (kept).", r, s
        )
        self.outbox_publish_failures = _counter(
            "gongzhi_outbox_publish_failures", "Failed publish attempts (kept, retried).", r, s
        )
        self.inbox_duplicates = Counter(
            "gongzhi_inbox_duplicates",
            "Events delivered again and not applied again.",
            ["service", "queue"],
            registry=r,
        )
        self.retries = Counter(
            "gongzhi_consumer_retries",
            "Messages sent back for a delayed retry.",
            ["service", "queue"],
            registry=r,
        )
        self.dead_letters = Counter(
            "gongzhi_dead_letters",
            "Messages dead-lettered with their reason.",
            ["service", "queue"],
            registry=r,
        )

    def watch_queue(self, queue: str) -> None:
        """Start the queue's counters at zero, so rate() and increase() see the first one."""
        for counter in (self.inbox_duplicates, self.retries, self.dead_letters):
            counter.labels(self.service, queue)

    def watch(self, name: str, documentation: str, read: Callable[[], float]) -> None:
        """A gauge read when scraped (outbox backlog, readiness)."""
        self.registry.register(_ReadOnScrape(name, documentation, self.service, read))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def _counter(name: str, documentation: str, registry: CollectorRegistry, labels: dict):
    return Counter(name, documentation, list(labels), registry=registry).labels(**labels)


class _ReadOnScrape(Collector):
    def __init__(self, name: str, documentation: str, service: str, read: Callable[[], float]):
        self._name, self._doc, self._service, self._read = name, documentation, service, read

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(self._name, self._doc, labels=["service"])
        try:
            value = self._read()
        except Exception:  # e.g. the database is away: the rest of the scrape still counts
            value = math.nan
        family.add_metric([self._service], value)
        yield family
