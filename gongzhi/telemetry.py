"""Metrics and log context for every worker of a service: RED per entrypoint, correlation id
bound into every log line the worker writes."""

import time
import uuid

import structlog
from nameko.extensions import DependencyProvider, SharedExtension

from gongzhi.metrics import ServiceMetrics

CORRELATION_KEY = "correlation_id"
EVENT_TYPE_KEY = "event_type"


class Telemetry(SharedExtension):
    """The service's metrics, made on first use: nameko sets extensions up in no fixed order."""

    _metrics: ServiceMetrics | None = None

    @property
    def metrics(self) -> ServiceMetrics:
        if self._metrics is None:
            self._metrics = ServiceMetrics(self.container.service_name)
        return self._metrics


class Observe(DependencyProvider):
    """Counts every entrypoint call by outcome and times it; binds the log context."""

    telemetry = Telemetry()

    def setup(self) -> None:
        self._started: dict[int, float] = {}

    def get_dependency(self, worker_ctx) -> ServiceMetrics:
        return self.telemetry.metrics

    def worker_setup(self, worker_ctx) -> None:
        self._started[id(worker_ctx)] = time.perf_counter()
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            service=worker_ctx.service_name,
            entrypoint=worker_ctx.entrypoint.method_name,
            correlation_id=worker_ctx.data.get(CORRELATION_KEY) or str(uuid.uuid4()),
        )
        if event_type := worker_ctx.data.get(EVENT_TYPE_KEY):
            structlog.contextvars.bind_contextvars(event_type=event_type)

    def worker_result(self, worker_ctx, result=None, exc_info=None) -> None:
        started = self._started.pop(id(worker_ctx), None)
        metrics = self.telemetry.metrics
        name = worker_ctx.entrypoint.method_name
        outcome = _outcome(exc_info)
        metrics.requests.labels(metrics.service, name, outcome).inc()
        if started is not None:
            elapsed = time.perf_counter() - started
            metrics.duration.labels(metrics.service, name).observe(elapsed)

    def worker_teardown(self, worker_ctx) -> None:
        self._started.pop(id(worker_ctx), None)
        structlog.contextvars.clear_contextvars()


def _outcome(exc_info) -> str:
    """success, rejected (the caller's mistake: a 4xx answer) or error (ours)."""
    if exc_info is None:
        return "success"
    status = getattr(exc_info[1], "status", 500)
    return "rejected" if isinstance(status, int) and status < 500 else "error"
