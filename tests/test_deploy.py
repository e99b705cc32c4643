"""The deployment files: docker-compose.yml, Dockerfile, Prometheus, Grafana, Kubernetes.

Static checks, no broker, database or Docker engine needed. promtool is required (`make tools`
installs it); kubectl is used for the one kustomize build test when it is on PATH.
tests/data/compose-spec.json is the Compose Specification schema as vendored by the
check-jsonschema package; see tests/data/README.md.
"""

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
PROMETHEUS = ROOT / "deploy" / "prometheus"
GRAFANA = ROOT / "deploy" / "grafana"
K8S = ROOT / "deploy" / "k8s"

SERVICES = {"intake": 8000, "routing": 8001, "deliberation": 8002, "notify": 8003, "scoring": 8004}
SECRET_KEYS = ("DATABASE_URL", "AMQP_URI", "GONGZHI_PSEUDONYM_KEY")
ONE_SHOT_JOBS = {"migrate": ["gongzhi", "db", "upgrade"], "declare": ["gongzhi", "bus", "declare"]}

# What the services export (gongzhi.metrics); histograms also expose _bucket, _sum and _count.
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
    }
)
HISTOGRAMS = frozenset({"gongzhi_entrypoint_duration_seconds"})
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


# --- docker-compose.yml ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_yaml(ROOT / "docker-compose.yml")


def _with_defaults(value: str) -> str:
    """Interpolate ${VAR:-default} and ${VAR-default} with their defaults, as with VAR unset."""
    return re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}", r"\1", value)


def test_compose_file_follows_the_compose_specification(compose: dict[str, Any]) -> None:
    schema = json.loads((DATA / "compose-spec.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(compose), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_compose_file_has_no_obsolete_version_key(compose: dict[str, Any]) -> None:
    assert "version" not in compose


def test_compose_runs_each_service_from_the_one_image(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in SERVICES:
        assert services[name]["command"] == ["gongzhi", "serve", name]
    images = {services[name]["image"] for name in [*SERVICES, *ONE_SHOT_JOBS]}
    builds = {json.dumps(services[name]["build"]) for name in [*SERVICES, *ONE_SHOT_JOBS]}
    assert len(images) == 1
    assert builds == {json.dumps({"context": ".", "dockerfile": "Dockerfile"})}


def test_compose_publishes_ports_8000_to_8004_once_each(compose: dict[str, Any]) -> None:
    published = {}
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            host, _, container = str(port).rpartition(":")
            assert host not in published, f"{name} and {published[host]} both publish {host}"
            published[host] = name
            if name in SERVICES:
                assert int(host) == int(container) == SERVICES[name]
    assert {int(port): name for port, name in published.items() if name in SERVICES} == {
        port: name for name, port in SERVICES.items()
    }


def test_each_service_is_told_its_port(compose: dict[str, Any]) -> None:
    for name, port in SERVICES.items():
        assert compose["services"][name]["environment"][f"{name.upper()}_PORT"] == str(port)


def test_every_service_waits_for_migrations_and_topology(compose: dict[str, Any]) -> None:
    for name in SERVICES:
        depends_on = compose["services"][name]["depends_on"]
        for job in ONE_SHOT_JOBS:
            assert depends_on[job]["condition"] == "service_completed_successfully", name


def test_one_shot_jobs_run_once_their_server_is_healthy(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for job, command in ONE_SHOT_JOBS.items():
        assert services[job]["command"] == command
        assert services[job]["restart"] == "no"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["declare"]["depends_on"]["rabbitmq"]["condition"] == "service_healthy"


def test_every_service_is_healthy_only_when_ready_on_its_own_port(compose: dict[str, Any]) -> None:
    for name, port in SERVICES.items():
        test = " ".join(compose["services"][name]["healthcheck"]["test"])
        assert f"127.0.0.1:{port}/health/ready" in test, name


def test_servers_have_healthchecks(compose: dict[str, Any]) -> None:
    for name in ("rabbitmq", "postgres", "prometheus"):
        assert compose["services"][name]["healthcheck"]["test"], name


def test_services_get_the_configuration_they_read(compose: dict[str, Any]) -> None:
    for name in [*SERVICES, *ONE_SHOT_JOBS]:
        env = compose["services"][name]["environment"]
        assert env["AMQP_URI"].startswith("amqp://")
        assert env["DATABASE_URL"].startswith("postgresql+psycopg2://")
        assert env["GONGZHI_PSEUDONYM_KEY"]
        mounts = [_with_defaults(v).split(":") for v in compose["services"][name]["volumes"]]
        assert [env["GONGZHI_DISTRICT"], "ro"] in [m[1:] for m in mounts], name


def test_compose_bind_mounts_exist_in_the_repository(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = _with_defaults(volume).split(":")[0]
            if source.startswith((".", "/")):
                assert (ROOT / source).exists(), f"{name}: {source}"


def test_rabbitmq_exposes_its_prometheus_port(compose: dict[str, Any]) -> None:
    rabbitmq = compose["services"]["rabbitmq"]
    assert rabbitmq["image"].startswith("rabbitmq:3.13-management")
    assert "15692:15692" in rabbitmq["ports"]


# --- Dockerfile and .dockerignore -------------------------------------------------------------


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_image_is_python_311_slim_and_runs_unprivileged() -> None:
    instructions = _dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    users = [arg for op, arg in instructions if op == "USER"]
    assert users, "no USER instruction: the image would run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_image_installs_the_five_services_and_never_migrates_on_start() -> None:
    instructions = _dockerfile_instructions()
    runs = " ".join(arg for op, arg in instructions if op == "RUN")
    assert "pip install -r requirements.txt" in runs
    for name in SERVICES:
        assert f"-e services/{name}" in runs
    start = " ".join(arg for op, arg in instructions if op in {"CMD", "ENTRYPOINT", "RUN"})
    assert "db upgrade" not in start
    assert "bus declare" not in start


def _dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for raw in patterns:
        negated = raw.startswith("!")
        pattern = raw.removeprefix("!").strip("/")
        regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*")
        regex = regex.replace(r"\?", "[^/]").replace(r"\[", "[").replace(r"\]", "]")
        if any(re.fullmatch(regex, prefix) for prefix in prefixes):
            ignored = not negated
    return ignored


def test_build_context_holds_the_build_inputs_and_nothing_heavy() -> None:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    needed = [
        "requirements.txt",
        "pyproject.toml",
        "gongzhi/__init__.py",
        "services/intake/pyproject.toml",
        "services/routing/migrations/env.py",
        "deploy/districts/xiguan/district.yaml",
    ]
    unwanted = [
        ".git/HEAD",
        ".venv/bin/python",
        "gongzhi/__pycache__/cli.cpython-311.pyc",
        "gongzhi.egg-info/PKG-INFO",
        "tests/test_deploy.py",
        "services/intake/tests/unit/test_x.py",
        "deploy/k8s/README.md",
        "var/intake.sqlite",
    ]
    assert [path for path in needed if _dockerignored(path, patterns)] == []
    assert [path for path in unwanted if not _dockerignored(path, patterns)] == []


# --- Prometheus --------------------------------------------------------------------------------


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
    }
    assert signals - alerted == set()


# --- Grafana -----------------------------------------------------------------------------------


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


# --- Kubernetes --------------------------------------------------------------------------------


def _k8s_files() -> list[Path]:
    return sorted(K8S.rglob("*.yaml"))


def _manifests() -> list[dict[str, Any]]:
    return [
        doc
        for path in _k8s_files()
        if path.name != "kustomization.yaml"
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8"))
    ]


def _of_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in _manifests() if doc["kind"] == kind}


@pytest.mark.parametrize("path", _k8s_files(), ids=lambda p: str(p.relative_to(K8S)))
def test_kubernetes_manifest_parses(path: Path) -> None:
    docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    assert docs
    for doc in docs:
        assert isinstance(doc, dict), f"{path}: empty or non-mapping document"
        assert doc.get("apiVersion"), path
        assert doc.get("kind"), path


def test_each_service_has_a_deployment_a_service_and_a_disruption_budget() -> None:
    for kind in ("Deployment", "Service", "PodDisruptionBudget"):
        assert set(_of_kind(kind)) == set(SERVICES), kind


def _container(deployment: dict[str, Any]) -> dict[str, Any]:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def _probe_port(container: dict[str, Any], probe: dict[str, Any]) -> int:
    port = probe["httpGet"]["port"]
    if isinstance(port, int):
        return port
    return next(p["containerPort"] for p in container["ports"] if p["name"] == port)


def test_deployments_probe_live_and_ready_on_the_service_port() -> None:
    for name, deployment in _of_kind("Deployment").items():
        container = _container(deployment)
        assert container["command"] == ["gongzhi", "serve", name]
        for probe, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")):
            assert container[probe]["httpGet"]["path"] == path, f"{name} {probe}"
            assert _probe_port(container, container[probe]) == SERVICES[name], f"{name} {probe}"


def test_deployments_are_annotated_for_scraping() -> None:
    for name, deployment in _of_kind("Deployment").items():
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true", name
        assert annotations["prometheus.io/port"] == str(SERVICES[name]), name
        assert annotations["prometheus.io/path"] == "/metrics", name


def test_deployments_declare_resources() -> None:
    for name, deployment in _of_kind("Deployment").items():
        resources = _container(deployment)["resources"]
        assert {"cpu", "memory"} <= set(resources["requests"]), name
        assert "memory" in resources["limits"], name


def _env(container: dict[str, Any]) -> dict[str, Any]:
    return {item["name"]: item.get("value", item.get("valueFrom")) for item in container["env"]}


def _district_mount(pod: dict[str, Any], container: dict[str, Any], name: str) -> None:
    env = _env(container)
    assert env["GONGZHI_DISTRICT"] == "/etc/gongzhi/district", name
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == "/etc/gongzhi/district")
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    assert volume["configMap"]["name"] == "gongzhi-district", name


def test_pods_read_secrets_from_gongzhi_secrets_and_the_district_from_its_config_map() -> None:
    workloads = {**_of_kind("Deployment"), **_of_kind("Job")}
    for name, workload in workloads.items():
        pod = workload["spec"]["template"]["spec"]
        container = pod["containers"][0]
        env = _env(container)
        needed = ["AMQP_URI"] if name == "gongzhi-bus-declare" else list(SECRET_KEYS)
        for key in needed:
            assert env[key]["secretKeyRef"] == {"name": "gongzhi-secrets", "key": key}, name
        _district_mount(pod, container, name)


def test_services_and_disruption_budgets_select_their_deployments_pods() -> None:
    deployments = _of_kind("Deployment")
    for kind in ("Service", "PodDisruptionBudget"):
        for name, doc in _of_kind(kind).items():
            selector = doc["spec"]["selector"]
            selector = selector.get("matchLabels", selector)
            labels = deployments[name]["spec"]["template"]["metadata"]["labels"]
            assert selector.items() <= labels.items(), f"{kind} {name}"
    for name, service in _of_kind("Service").items():
        assert service["spec"]["ports"][0]["port"] == SERVICES[name]


def test_jobs_migrate_and_declare_once() -> None:
    jobs = _of_kind("Job")
    commands = {
        name: job["spec"]["template"]["spec"]["containers"][0]["command"]
        for name, job in jobs.items()
    }
    assert commands == {
        "gongzhi-db-upgrade": ["gongzhi", "db", "upgrade"],
        "gongzhi-bus-declare": ["gongzhi", "bus", "declare"],
    }
    for job in jobs.values():
        assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"


def _kustomizations() -> list[Path]:
    return sorted(K8S.rglob("kustomization.yaml"))


def _referenced_files(kustomization: dict[str, Any]) -> list[str]:
    files = list(kustomization.get("resources", []))
    for generator in kustomization.get("configMapGenerator", []) + kustomization.get(
        "secretGenerator", []
    ):
        files += [entry.split("=", 1)[-1] for entry in generator.get("files", [])]
        files += generator.get("envs", [])
    files += [patch["path"] for patch in kustomization.get("patches", []) if "path" in patch]
    return files


@pytest.mark.parametrize("path", _kustomizations(), ids=lambda p: str(p.parent.relative_to(K8S)))
def test_kustomization_lists_only_files_that_exist(path: Path) -> None:
    for ref in _referenced_files(load_yaml(path)):
        target = path.parent / ref
        assert target.is_file() or (target / "kustomization.yaml").is_file(), f"{path}: {ref}"


def test_kustomize_base_lists_every_manifest_in_it() -> None:
    resources = set(load_yaml(K8S / "base" / "kustomization.yaml")["resources"])
    files = {p.name for p in (K8S / "base").glob("*.yaml")} - {"kustomization.yaml"}
    assert files == resources


def test_xiguan_overlay_sets_namespace_and_district_config() -> None:
    overlay = load_yaml(K8S / "districts" / "xiguan" / "kustomization.yaml")
    assert overlay["namespace"] == "gongzhi-xiguan"
    assert "../../base" in overlay["resources"]
    (generator,) = overlay["configMapGenerator"]
    assert generator["name"] == "gongzhi-district"
    keys = {entry.split("=", 1)[0] for entry in generator["files"]}
    assert keys == {"district.yaml", "grids.geojson"}
    assert [image["name"] for image in overlay["images"]] == ["gongzhi"]


def test_xiguan_overlay_builds_with_kustomize() -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed; the kustomize build is not checked")
    result = run(
        kubectl,
        "kustomize",
        "--load-restrictor",
        "LoadRestrictionsNone",
        "deploy/k8s/districts/xiguan",
    )
    assert_succeeds(result)
    docs = list(yaml.safe_load_all(result.stdout))
    (config_map,) = [d for d in docs if d["kind"] == "ConfigMap"]
    assert config_map["metadata"]["name"].startswith("gongzhi-district-")
    for doc in docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == "gongzhi-xiguan", doc["metadata"]["name"]
        if doc["kind"] in {"Deployment", "Job"}:
            pod = doc["spec"]["template"]["spec"]
            names = {v["configMap"]["name"] for v in pod["volumes"] if "configMap" in v}
            assert names == {config_map["metadata"]["name"]}
            assert pod["containers"][0]["image"].startswith("gongzhi:")
