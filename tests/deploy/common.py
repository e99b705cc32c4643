"""What the deployment checks share: the repository root, the services and their metrics,
YAML loading, the promtool runner and PromQL metric-name extraction."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from gongzhi.plugins import installed

ROOT = Path(__file__).resolve().parents[2]

# What is deployed: every installed service, at the port its descriptor gives.
SERVICES = {name: plugin.port for name, plugin in installed().items()}

# What the services export: every service (gongzhi.metrics), routing's own (its
# RoutingMetrics), notify's (its NotifyMetrics), deliberation's (VotingMetrics, MatterMetrics)
# and scoring's (ScoringMetrics). Histograms also expose _bucket, _sum and _count.
EXPORTED_METRICS = frozenset(
    {
        "gongzhi_entrypoint_requests_total",
        "gongzhi_entrypoint_duration_seconds",
        "gongzhi_outbox_backlog",
        "gongzhi_outbox_oldest_age_seconds",
        "gongzhi_outbox_published_total",
        "gongzhi_outbox_returned_total",
        "gongzhi_outbox_publish_failures_total",
        "gongzhi_inbox_duplicates_total",
        "gongzhi_consumer_retries_total",
        "gongzhi_dead_letters_total",
        "gongzhi_ready",
        "gongzhi_routing_open_cases",
        "gongzhi_routing_open_department_cases",
        "gongzhi_routing_unscheduled_clocks",
        "gongzhi_routing_provisional_clocks",
        "gongzhi_routing_sweep_passes_total",
        "gongzhi_routing_sweep_batches_total",
        "gongzhi_routing_light_changes_total",
        "gongzhi_routing_escalations_total",
        "gongzhi_routing_transitions_total",
        "gongzhi_routing_time_to_reply_seconds",
        "gongzhi_routing_time_to_resolve_seconds",
        "gongzhi_notify_messages_total",
        "gongzhi_notify_tries_total",
        "gongzhi_notify_suppressed_total",
        "gongzhi_notify_backlog",
        "gongzhi_notify_backlog_age_seconds",
        "gongzhi_notify_event_to_sent_seconds",
        "gongzhi_notify_webhook_deliveries_total",
        "gongzhi_notify_webhooks_disabled",
        "gongzhi_notify_sms_replies_total",
        "gongzhi_deliberation_vote_turnout",
        "gongzhi_deliberation_votes_closed_total",
        "gongzhi_deliberation_vote_failures_total",
        "gongzhi_deliberation_matters",
        "gongzhi_deliberation_overdue_steps",
        "gongzhi_deliberation_overdue_working_days",
        "gongzhi_deliberation_filings",
        "gongzhi_deliberation_tasks",
        "gongzhi_deliberation_ratings_total",
        "gongzhi_scoring_points_issued_total",
        "gongzhi_scoring_points_expired_total",
        "gongzhi_scoring_earners_skipped_total",
        "gongzhi_scoring_anomaly_flags",
        "gongzhi_scoring_projects_total",
        "gongzhi_scoring_project_points_issued_total",
        "gongzhi_scoring_yellow_cards_total",
        "gongzhi_scoring_department_satisfaction_ratio",
        "gongzhi_scoring_department_score",
        "gongzhi_scoring_assessment_threshold",
        "gongzhi_scoring_ratings_total",
        "gongzhi_scoring_rating_invitations_total",
        "gongzhi_scoring_points_redeemed_total",
        "gongzhi_scoring_shop_orders_total",
        "gongzhi_scoring_shop_stockouts_total",
        "gongzhi_scoring_exports_total",
    }
)
HISTOGRAMS = frozenset(
    {
        "gongzhi_entrypoint_duration_seconds",
        "gongzhi_routing_time_to_reply_seconds",
        "gongzhi_routing_time_to_resolve_seconds",
        "gongzhi_notify_event_to_sent_seconds",
        "gongzhi_deliberation_vote_turnout",
    }
)
SERIES_NAMES = EXPORTED_METRICS | {
    f"{name}_{suffix}" for name in HISTOGRAMS for suffix in ("bucket", "sum", "count")
}


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        pytest.fail(
            "promtool is not installed: `make tools` installs it (Debian package prometheus)"
        )
    return path


def assert_succeeds(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, f"{' '.join(result.args)}\n{result.stdout}\n{result.stderr}"


# --- PromQL: which metric names does an expression read? ----------------------------------------

_NOT_METRICS = frozenset(
    {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless"}
    | {"bool", "offset", "inf", "nan"}
)


def promql_metric_names(expr: str) -> set[str]:
    """Metric names an expression selects: strings, label matchers, ranges and grouping removed."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)
    expr = re.sub(r"\{[^}]*\}", "", expr)
    expr = re.sub(r"\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    names = set()
    for match in re.finditer(r"(?<![\w:.$])([A-Za-z_:][\w:]*)(\s*\()?", expr):
        name, is_call = match.groups()
        if not is_call and name.lower() not in _NOT_METRICS:
            names.add(name)
    return names
