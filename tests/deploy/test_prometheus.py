"""Prometheus: the scrape config and the rules pass promtool, and the rules read real metrics.

promtool is required (`make tools` installs it).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nameko.containers import ServiceContainer
from nameko.testing.utils import get_extension
from prometheus_client.core import Metric

from deliberation.dependencies import MatterMetrics, VotingMetrics
from deliberation.service import DeliberationService
from gongzhi.testing.system import SAMPLE_DISTRICT
from notify.dependencies import NotifyMetrics
from notify.service import NotifyService
from routing.dependencies import RoutingMetrics
from routing.service import RoutingService
from scoring.dependencies import ScoringMetrics
from scoring.service import ScoringService

from .common import (
    EXPORTED_METRICS,
    HISTOGRAMS,
    ROOT,
    SERIES_NAMES,
    SERVICES,
    assert_succeeds,
    load_yaml,
    promql_metric_names,
    promtool,
    run,
)

PROMETHEUS = ROOT / "deploy" / "prometheus"


@pytest.mark.parametrize(
    ("expr", "names"),
    [
        (
            'sum by (service, le) (rate(a_bucket{queue=~".+\\\\.dead", x="by"}[5m])) / on (service)'
            " group_left (entrypoint) b:rec:rate5m offset 1h > bool 1e3",
            {"a_bucket", "b:rec:rate5m"},
        ),
        ('label_replace(up{job="x"}, "dst", "$1", "src", "(.*)") or vector(0)', {"up"}),
        ("histogram_quantile(0.99, sum(rate(c[$__rate_interval])) without (pod))", {"c"}),
    ],
)
def test_promql_name_extraction_sees_through_labels_ranges_and_strings(
    expr: str, names: set[str]
) -> None:
    assert promql_metric_names(expr) == names


def _rule_files() -> list[Path]:
    files = sorted((PROMETHEUS / "rules").glob("*.yml"))
    assert files, "no rule files in deploy/prometheus/rules"
    return files


def _rules() -> Iterator[dict[str, Any]]:
    for path in _rule_files():
        for group in load_yaml(path)["groups"]:
            yield from group["rules"]


def test_prometheus_config_passes_promtool() -> None:
    assert_succeeds(run(promtool(), "check", "config", "deploy/prometheus/prometheus.yml"))


def test_rules_pass_promtool() -> None:
    paths = [str(path.relative_to(ROOT)) for path in _rule_files()]
    assert_succeeds(run(promtool(), "check", "rules", *paths))


def test_rules_pass_their_promtool_unit_tests() -> None:
    tests = sorted((PROMETHEUS / "tests").glob("*.yml"))
    assert tests, "no rule unit tests in deploy/prometheus/tests"
    paths = [str(path.relative_to(ROOT)) for path in tests]
    assert_succeeds(run(promtool(), "test", "rules", *paths))


def test_prometheus_scrapes_the_five_services_and_rabbitmq(compose: dict[str, Any]) -> None:
    config = load_yaml(PROMETHEUS / "prometheus.yml")
    targets = {
        target
        for job in config["scrape_configs"]
        for static in job.get("static_configs", [])
        for target in static["targets"]
    }
    assert {f"{name}:{port}" for name, port in SERVICES.items()} <= targets
    assert "rabbitmq:15692" in targets
    hosts = {target.split(":")[0] for target in targets} - {"localhost"}
    assert hosts <= set(compose["services"]), "a scrape target is not a compose service"


def test_every_alert_says_what_happened_and_how_bad() -> None:
    alerts = [rule for rule in _rules() if "alert" in rule]
    assert alerts
    for alert in alerts:
        assert alert["labels"]["severity"] in {"critical", "warning", "info"}, alert["alert"]
        assert alert["annotations"]["summary"].strip(), alert["alert"]
        assert alert["annotations"]["description"].strip(), alert["alert"]


def _recorded() -> dict[str, set[str]]:
    return {
        rule["record"]: promql_metric_names(rule["expr"]) for rule in _rules() if "record" in rule
    }


def test_rules_read_only_metrics_that_exist() -> None:
    known = SERIES_NAMES | set(_recorded()) | {"up"}
    for rule in _rules():
        unknown = {
            name
            for name in promql_metric_names(rule["expr"])
            if name not in known and not name.startswith("rabbitmq_")
        }
        assert not unknown, f"{rule.get('alert') or rule.get('record')} reads {sorted(unknown)}"


def test_every_failure_signal_has_an_alert() -> None:
    recorded = _recorded()

    def expand(names: set[str]) -> set[str]:
        return set().union(*(expand(recorded[n]) if n in recorded else {n} for n in names))

    alerted = set().union(
        *(expand(promql_metric_names(r["expr"])) for r in _rules() if "alert" in r)
    )
    signals = {
        "gongzhi_ready",
        "gongzhi_outbox_backlog",
        "gongzhi_outbox_oldest_age_seconds",
        "gongzhi_outbox_publish_failures_total",
        "gongzhi_outbox_returned_total",
        "gongzhi_dead_letters_total",
        "gongzhi_consumer_retries_total",
        "gongzhi_entrypoint_requests_total",
        "gongzhi_entrypoint_duration_seconds_bucket",
        "gongzhi_routing_unscheduled_clocks",
        "gongzhi_routing_open_cases",
        "gongzhi_routing_escalations_total",
        "gongzhi_notify_messages_total",
        "gongzhi_notify_tries_total",
        "gongzhi_notify_backlog",
        "gongzhi_notify_backlog_age_seconds",
        "gongzhi_deliberation_overdue_steps",
        "gongzhi_deliberation_overdue_working_days",
        "gongzhi_scoring_anomaly_flags",
    }
    assert signals - alerted == set()


def _registered(service: type, provider_classes: tuple[type, ...]) -> list[Metric]:
    """The metric families in a service's registry once its metrics providers are set up. The
    container is built, not started: no broker or database is needed."""
    config = {"AMQP_URI": "memory://", "DISTRICT": str(SAMPLE_DISTRICT)}
    container = ServiceContainer(service, config)
    providers = [get_extension(container, provider_class) for provider_class in provider_classes]
    for provider in providers:
        provider.setup()
    return list(providers[0].telemetry.metrics.registry.collect())


@pytest.mark.parametrize(
    ("service", "providers", "own"),
    [
        (RoutingService, (RoutingMetrics,), "gongzhi_routing_open_cases"),
        (NotifyService, (NotifyMetrics,), "gongzhi_notify_backlog"),
        (
            DeliberationService,
            (VotingMetrics, MatterMetrics),
            "gongzhi_deliberation_overdue_working_days",
        ),
        (ScoringService, (ScoringMetrics,), "gongzhi_scoring_anomaly_flags"),
    ],
    ids=["routing", "notify", "deliberation", "scoring"],
)
def test_the_metrics_rules_and_panels_may_read_include_all_a_service_registers(
    service: type, providers: tuple[type, ...], own: str
) -> None:
    families = _registered(service, providers)
    names = {f.name + "_total" if f.type == "counter" else f.name for f in families}
    assert {own, "gongzhi_entrypoint_requests_total"} <= names
    assert names - EXPORTED_METRICS == set()
    assert {f.name for f in families if f.type == "histogram"} <= HISTOGRAMS
