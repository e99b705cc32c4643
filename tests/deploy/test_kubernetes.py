"""Kubernetes: the base manifests and the district overlays that kustomize builds from them.

kubectl is used for the one kustomize build test when it is on PATH.
"""

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from .common import ROOT, SERVICES, assert_succeeds, load_yaml, run

K8S = ROOT / "deploy" / "k8s"
SECRET_KEYS = ("DATABASE_URL", "AMQP_URI", "GONGZHI_PSEUDONYM_KEY")


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
    for path, config_map in DISTRICT_MOUNTS.items():
        mount = next(m for m in container["volumeMounts"] if m["mountPath"] == path)
        volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
        assert volume["configMap"]["name"] == config_map, name


# The district folder, and notify's templates folder in it: a ConfigMap holds no folders.
DISTRICT_MOUNTS = {
    "/etc/gongzhi/district": "gongzhi-district",
    "/etc/gongzhi/district/templates": "gongzhi-district-templates",
}


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


def test_only_intake_and_notify_read_the_contact_key() -> None:
    holders = {
        name
        for name, workload in {**_of_kind("Deployment"), **_of_kind("Job")}.items()
        if "GONGZHI_CONTACT_KEY" in _env(workload["spec"]["template"]["spec"]["containers"][0])
    }
    assert holders == {"intake", "notify"}


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
    district, templates = overlay["configMapGenerator"]
    assert district["name"] == "gongzhi-district"
    keys = {entry.split("=", 1)[0] for entry in district["files"]}
    sample = ROOT / "deploy" / "districts" / "xiguan"
    assert keys == {path.name for path in sample.iterdir() if path.is_file()} - {"make_grids.py"}
    assert templates["name"] == "gongzhi-district-templates"
    folder = ROOT / "deploy" / "districts" / "xiguan" / "templates"
    shipped = {entry.split("=", 1)[0] for entry in templates["files"]}
    assert shipped == {path.name for path in folder.iterdir() if path.is_file()}
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
    config_maps = {d["metadata"]["name"] for d in docs if d["kind"] == "ConfigMap"}
    assert len(config_maps) == 2
    assert all(name.startswith("gongzhi-district-") for name in config_maps)
    for doc in docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == "gongzhi-xiguan", doc["metadata"]["name"]
        if doc["kind"] in {"Deployment", "Job"}:
            pod = doc["spec"]["template"]["spec"]
            names = {v["configMap"]["name"] for v in pod["volumes"] if "configMap" in v}
            assert names == config_maps
            assert pod["containers"][0]["image"].startswith("gongzhi:")
