"""Grafana: the dashboards read exported metrics in valid PromQL, and provisioning finds them."""

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .common import (
    ROOT,
    SERIES_NAMES,
    assert_succeeds,
    load_yaml,
    promql_metric_names,
    promtool,
    run,
)

GRAFANA = ROOT / "deploy" / "grafana"


@pytest.fixture(scope="module")
def dashboards() -> list[dict[str, Any]]:
    paths = sorted((GRAFANA / "dashboards").glob("*.json"))
    assert paths, "no dashboards in deploy/grafana/dashboards"
    return [json.loads(path.read_text(encoding="utf-8")) for path in paths]


def _panels(dashboard: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in dashboard["panels"]:
        yield panel
        yield from panel.get("panels", [])


def _queries(dashboards: list[dict[str, Any]]) -> list[str]:
    return [
        target["expr"]
        for dashboard in dashboards
        for panel in _panels(dashboard)
        for target in panel.get("targets", [])
    ]


def _as_plain_promql(expr: str) -> str:
    expr = re.sub(r"\$__(?:rate_interval|interval|range)\b", "5m", expr)
    return re.sub(r"\$\{?\w+\}?", ".*", expr)


def test_dashboard_queries_read_only_exported_and_rabbitmq_metrics(
    dashboards: list[dict[str, Any]],
) -> None:
    variables = [
        variable["definition"]
        for dashboard in dashboards
        for variable in dashboard.get("templating", {}).get("list", [])
        if variable["type"] == "query"
    ]
    label_values = [re.sub(r"^label_values\((.*),\s*\w+\)$", r"\1", v) for v in variables]
    queries = _queries(dashboards) + label_values
    assert queries
    for query in queries:
        unknown = {
            name
            for name in promql_metric_names(query)
            if name not in SERIES_NAMES and not name.startswith("rabbitmq_")
        }
        assert not unknown, f"{query} reads {sorted(unknown)}"


def test_dashboard_queries_are_valid_promql(
    dashboards: list[dict[str, Any]], tmp_path: Path
) -> None:
    rules = [
        {"record": f"dashboard:query_{i}:check", "expr": _as_plain_promql(expr)}
        for i, expr in enumerate(_queries(dashboards))
    ]
    path = tmp_path / "dashboard_queries.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    assert_succeeds(run(promtool(), "check", "rules", str(path)))


def test_dashboard_shows_red_outbox_consumers_and_queues(dashboards: list[dict[str, Any]]) -> None:
    shown = set().union(*(promql_metric_names(query) for query in _queries(dashboards)))
    assert {
        "gongzhi_entrypoint_requests_total",
        "gongzhi_entrypoint_duration_seconds_bucket",
        "gongzhi_outbox_backlog",
        "gongzhi_outbox_oldest_age_seconds",
        "gongzhi_dead_letters_total",
        "gongzhi_consumer_retries_total",
        "rabbitmq_detailed_queue_messages_ready",
    } <= shown


def _row(dashboard: dict[str, Any], title: str) -> list[dict[str, Any]]:
    """The panels under an expanded row: those after it, up to the next row."""
    panels = dashboard["panels"]
    start = next(i for i, p in enumerate(panels) if p["type"] == "row" and p["title"] == title)
    rest = panels[start + 1 :]
    end = next((i for i, p in enumerate(rest) if p["type"] == "row"), len(rest))
    return rest[:end]


def _overview_row(dashboards: list[dict[str, Any]], title: str) -> dict[str, dict[str, Any]]:
    (overview,) = [d for d in dashboards if d["uid"] == "gongzhi-overview"]
    return {panel["title"]: panel for panel in _row(overview, title)}


def _shown(panels: dict[str, dict[str, Any]]) -> set[str]:
    return {
        name
        for panel in panels.values()
        for target in panel["targets"]
        for name in promql_metric_names(target["expr"])
    }


def test_routing_row_shows_lights_tiers_departments_escalations_waits_and_calendar_gaps(
    dashboards: list[dict[str, Any]],
) -> None:
    panels = _overview_row(dashboards, "Routing: lights and tiers")
    assert {
        "gongzhi_routing_open_cases",
        "gongzhi_routing_open_department_cases",
        "gongzhi_routing_escalations_total",
        "gongzhi_routing_time_to_reply_seconds_bucket",
        "gongzhi_routing_time_to_resolve_seconds_bucket",
        "gongzhi_routing_unscheduled_clocks",
    } <= _shown(panels)
    by_light = panels["Open cases by light"]
    assert by_light["fieldConfig"]["defaults"]["custom"]["stacking"]["mode"] == "normal"


def test_routing_tier_pyramid_stands_on_the_grid_with_the_district_on_top(
    dashboards: list[dict[str, Any]],
) -> None:
    pyramid = _overview_row(dashboards, "Routing: lights and tiers")[
        "Open cases by tier (the pyramid)"
    ]
    ladder = load_yaml(ROOT / "deploy" / "districts" / "xiguan" / "district.yaml")["routing"][
        "ladder"
    ]
    assert [target["legendFormat"] for target in pyramid["targets"]] == ladder[::-1]


def test_notify_row_shows_outcomes_tries_by_channel_the_backlog_its_age_and_event_to_sent(
    dashboards: list[dict[str, Any]],
) -> None:
    panels = _overview_row(dashboards, "Notify: messages and channels")
    assert {
        "gongzhi_notify_messages_total",
        "gongzhi_notify_tries_total",
        "gongzhi_notify_backlog",
        "gongzhi_notify_backlog_age_seconds",
        "gongzhi_notify_event_to_sent_seconds_bucket",
    } <= _shown(panels)
    tries = panels["Tries per minute by channel and result"]["targets"]
    assert [target["legendFormat"] for target in tries] == ["{{channel}} {{result}}"]
    waits = panels["Event to sent: p50 / p99"]["targets"]
    assert [target["legendFormat"] for target in waits] == ["p50", "p99"]


def test_deliberation_row_shows_matters_by_step_overdue_steps_turnout_and_votes_and_why(
    dashboards: list[dict[str, Any]],
) -> None:
    panels = _overview_row(dashboards, "Deliberation: matters and votes")
    assert {
        "gongzhi_deliberation_matters",
        "gongzhi_deliberation_overdue_steps",
        "gongzhi_deliberation_overdue_working_days",
        "gongzhi_deliberation_vote_turnout_bucket",
        "gongzhi_deliberation_votes_closed_total",
        "gongzhi_deliberation_vote_failures_total",
    } <= _shown(panels)
    turnout = panels["Turnout per party: median over 30 days"]["targets"]
    assert [target["legendFormat"] for target in turnout] == ["{{party}}"]
    votes = panels["Votes carried and failed, and why (30 days)"]["targets"]
    assert [target["legendFormat"] for target in votes] == ["{{outcome}}", "failed: {{reason}}"]


def test_scoring_row_shows_points_issued_by_community_expired_and_anomaly_flags(
    dashboards: list[dict[str, Any]],
) -> None:
    panels = _overview_row(dashboards, "Scoring: points and anomalies")
    assert {
        "gongzhi_scoring_points_issued_total",
        "gongzhi_scoring_points_expired_total",
        "gongzhi_scoring_anomaly_flags",
        "gongzhi_scoring_department_satisfaction_ratio",
        "gongzhi_scoring_department_score",
        "gongzhi_scoring_yellow_cards_total",
        "gongzhi_scoring_projects_total",
        "gongzhi_scoring_project_points_issued_total",
    } <= _shown(panels)
    issued = panels["Points issued per day by community"]["targets"]
    assert [target["legendFormat"] for target in issued] == ["{{community}}"]


def _cells(panel: dict[str, Any]) -> set[tuple[int, int]]:
    pos = panel["gridPos"]
    return {
        (x, y)
        for x in range(pos["x"], pos["x"] + pos["w"])
        for y in range(pos["y"], pos["y"] + pos["h"])
    }


def test_dashboard_panels_do_not_overlap(dashboards: list[dict[str, Any]]) -> None:
    for dashboard in dashboards:
        taken: set[tuple[int, int]] = set()
        for panel in dashboard["panels"]:
            cells = _cells(panel)
            assert not cells & taken, f"{dashboard['title']}: {panel['title']} overlaps"
            assert all(x < 24 for x, _ in cells), f"{dashboard['title']}: {panel['title']}"
            taken |= cells


def test_dashboard_panels_have_unique_ids(dashboards: list[dict[str, Any]]) -> None:
    for dashboard in dashboards:
        ids = [panel["id"] for panel in _panels(dashboard)]
        assert len(ids) == len(set(ids)), dashboard["title"]


def test_grafana_provisioning_matches_dashboards_and_compose(
    dashboards: list[dict[str, Any]], compose: dict[str, Any]
) -> None:
    provisioning = GRAFANA / "provisioning"
    datasources = load_yaml(provisioning / "datasources" / "prometheus.yml")["datasources"]
    uids = {source["uid"] for source in datasources}
    used = {
        target["datasource"]["uid"]
        for dashboard in dashboards
        for panel in _panels(dashboard)
        for target in panel.get("targets", [])
    }
    assert used <= uids
    providers = load_yaml(provisioning / "dashboards" / "gongzhi.yml")["providers"]
    mounts = dict(v.split(":")[:2] for v in compose["services"]["grafana"]["volumes"])
    for provider in providers:
        assert mounts["./deploy/grafana/dashboards"] == provider["options"]["path"]
    assert mounts["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
