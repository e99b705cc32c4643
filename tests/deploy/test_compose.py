"""docker-compose.yml: one image for every service, ports, start order, health and configuration.

tests/data/compose-spec.json is the Compose Specification schema as vendored by the
check-jsonschema package; see tests/data/README.md.
"""

import json
import re
from typing import Any

import jsonschema

from .common import ROOT, SERVICES

DATA = ROOT / "tests" / "data"

ONE_SHOT_JOBS = {"migrate": ["gongzhi", "db", "upgrade"], "declare": ["gongzhi", "bus", "declare"]}


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


def test_only_intake_and_notify_hold_the_contact_key_and_both_the_same(
    compose: dict[str, Any],
) -> None:
    held = {
        name: service["environment"].get("GONGZHI_CONTACT_KEY")
        for name, service in compose["services"].items()
        if "environment" in service
    }
    holders = {name: key for name, key in held.items() if key}
    assert set(holders) == {"intake", "notify"}
    assert len(set(holders.values())) == 1


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
