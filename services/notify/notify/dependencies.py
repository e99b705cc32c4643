"""Notify's own dependencies: its plan (district, rules, channels, templates, the contact key and
the keys of residents' links), built once at start, the dispatcher's timer, and its metrics."""

from collections.abc import Mapping

import structlog
from nameko.extensions import DependencyProvider
from nameko.timer import Timer
from prometheus_client import Counter, Gauge, Histogram

from gongzhi.contact_key import key_of
from gongzhi.devkeys import signing_keys
from gongzhi.district_store import DistrictStore
from gongzhi.settings import Settings
from gongzhi.telemetry import Telemetry
from notify import webhook_dispatch
from notify.dispatch import Pass
from notify.handlers import Plan, plan_of
from notify.sms_keywords import MEANINGS
from notify.webhook_dispatch import WebhookPass

SUPPRESSED = ("opted out", "digest", "throttle")  # the reasons a message is suppressed when owed
DEVELOPMENT_KEY_FILE = "preferences.key"  # in GONGZHI_VAR, without GONGZHI_PREFERENCES_KEY
log = structlog.get_logger(__name__)


class NotifyPlan(DependencyProvider):
    store = DistrictStore()

    def setup(self) -> None:
        settings = self.container.config["SETTINGS"]
        self.plan = plan_of(self.store.district, key_of(settings), link_keys(settings))

    def get_dependency(self, worker_ctx) -> Plan:
        return self.plan


def link_keys(settings: Settings) -> tuple[bytes, ...]:
    """GONGZHI_PREFERENCES_KEY's keys, newest last; without it, a development key made in
    GONGZHI_VAR (warned): links then hold only while that folder does."""
    given, var = settings.preferences_keys, settings.var
    return signing_keys(given, var, DEVELOPMENT_KEY_FILE, "GONGZHI_PREFERENCES_KEY")


class WebhookDrains(DependencyProvider):
    """The webhook subscriptions being served, each in a thread the container manages (it is
    stopped with the service): webhook_dispatch.Drains."""

    def setup(self) -> None:
        self.drains = webhook_dispatch.Drains(self.container.spawn_managed_thread)

    def get_dependency(self, worker_ctx) -> webhook_dispatch.Drains:
        return self.drains


class DispatchTimer(Timer):
    """nameko's timer, every `GONGZHI_DISPATCH_SECONDS`, read when the service is set up."""

    def __init__(self, **kwargs):
        super().__init__(interval=None, **kwargs)

    def setup(self) -> None:
        self.interval = self.container.config["SETTINGS"].dispatch_seconds


class NotifyMetrics(DependencyProvider):
    """Messages by outcome, tries by channel and outcome, the backlog and its age, the time
    from an event to its message sent; webhook sends by outcome and disabled subscriptions;
    residents' SMS replies by meaning."""

    telemetry = Telemetry()

    def setup(self) -> None:
        registry = self.telemetry.metrics.registry
        self.service = self.container.service_name
        self.outcomes = Counter(
            "gongzhi_notify_messages",
            "What came of a message's try: delivered, sent, retry, next_channel (a fallback "
            "down the chain), failed, suppressed.",
            ["service", "outcome"],
            registry=registry,
        )
        self.tries = Counter(
            "gongzhi_notify_tries",
            "Tries to send on a channel, by what came of them: sent, failed, skipped (no address).",
            ["service", "channel", "result"],
            registry=registry,
        )
        self.suppressed_by = Counter(
            "gongzhi_notify_suppressed",
            "Messages suppressed when owed, by reason: opted out, digest (a digest taker's, "
            "folded into the day's digest), throttle (past the hourly limit, folded too).",
            ["service", "reason"],
            registry=registry,
        )
        self.backlog = Gauge(
            "gongzhi_notify_backlog",
            "Messages waiting to be sent (pending or sending).",
            ["service"],
            registry=registry,
        )
        self.backlog_age = Gauge(
            "gongzhi_notify_backlog_age_seconds",
            "How long the longest-waiting message has been due.",
            ["service"],
            registry=registry,
        )
        self.event_to_sent = Histogram(
            "gongzhi_notify_event_to_sent_seconds",
            "From the event that owed a message to the message sent or delivered.",
            ["service"],
            buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 6 * 3600, 86400),
            registry=registry,
        )
        self.webhook_outcomes = Counter(
            "gongzhi_notify_webhook_deliveries",
            "What came of an event's send to a webhook subscription: sent, retry, failed.",
            ["service", "outcome"],
            registry=registry,
        )
        self.webhooks_off = Gauge(
            "gongzhi_notify_webhooks_disabled",
            "Webhook subscriptions disabled after failures in a row, until their owner enables.",
            ["service"],
            registry=registry,
        )
        self.replies = Counter(
            "gongzhi_notify_sms_replies",
            "Residents' SMS replies by what their text means: opt_out, opt_in, ignored (any "
            "other text).",
            ["service", "meaning"],
            registry=registry,
        )
        for meaning in MEANINGS:
            self.replies.labels(self.service, meaning)
        for outcome in ("sent", "retry", "failed"):
            self.webhook_outcomes.labels(self.service, outcome)
        self.webhooks_off.labels(self.service).set(0)
        for outcome in ("delivered", "sent", "retry", "next_channel", "failed", "suppressed"):
            self.outcomes.labels(self.service, outcome)
        for reason in SUPPRESSED:
            self.suppressed_by.labels(self.service, reason)
        self.backlog.labels(self.service).set(0)
        self.backlog_age.labels(self.service).set(0)
        self.event_to_sent.labels(self.service)

    def get_dependency(self, worker_ctx) -> "NotifyMetrics":
        return self

    def passed(self, done: Pass) -> None:
        for outcome, count in done.outcomes.items():
            self.outcomes.labels(self.service, outcome).inc(count)
        for channel, result in done.tries:
            self.tries.labels(self.service, channel, result).inc()
        for seconds in done.event_to_sent:
            self.event_to_sent.labels(self.service).observe(seconds)

    def suppressed(self, by_reason: Mapping[str, int]) -> None:
        for reason, count in by_reason.items():
            self.suppressed_by.labels(self.service, reason).inc(count)
            self.outcomes.labels(self.service, "suppressed").inc(count)

    def waiting(self, count: int, age_seconds: float) -> None:
        self.backlog.labels(self.service).set(count)
        self.backlog_age.labels(self.service).set(age_seconds)

    def webhooks_passed(self, done: WebhookPass) -> None:
        for outcome, count in done.outcomes.items():
            self.webhook_outcomes.labels(self.service, outcome).inc(count)

    def webhooks_sent(self, outcomes: list[str]) -> None:
        """One subscription's thread's outcomes (webhook_dispatch.Drains), as it ends."""
        for outcome in outcomes:
            self.webhook_outcomes.labels(self.service, outcome).inc()

    def sms_replies(self, meanings: list[str]) -> None:
        for meaning in meanings:
            self.replies.labels(self.service, meaning).inc()

    def webhooks_disabled(self, count: int) -> None:
        self.webhooks_off.labels(self.service).set(count)
