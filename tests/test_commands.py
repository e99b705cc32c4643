"""The two README commands' promises, through the real `gongzhi` command."""

import json
import os
import re
import shutil
import signal
import subprocess
import time

import pytest
import requests

from gongzhi.testing.bus import queues_in
from gongzhi.testing.processes import GONGZHI, ROOT, refusal
from gongzhi.testing.system import eventually, free_port

SERVICES = ("intake", "routing", "deliberation", "notify", "scoring")


def readme_first_report() -> list[str]:
    """The first report's commands, its key's and its curl's, exactly as the README shows them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    key = re.search(r"^(KEY=\$\(.*?\))", text, re.M).group(1)
    command = re.search(r"(curl -s -X POST .*?\n.*?-d '.*?')", text, re.S).group(1)
    return ["bash", "-c", f"{key}\n{command.replace(chr(92) + chr(10), ' ')}"]


@pytest.mark.slow
def test_make_run_brings_five_services_to_ready_and_the_readme_report_is_routed(
    tmp_path, amqp_vhost
):
    ports = {s: free_port() for s in SERVICES}
    env = {
        **os.environ,
        "GONGZHI_VAR": str(tmp_path / "var"),
        "AMQP_URI": f"amqp://guest:guest@127.0.0.1:5672/{amqp_vhost}",
        **{f"{s.upper()}_PORT": str(p) for s, p in ports.items()},
    }
    env.pop("DATABASE_URL", None)
    log_file = tmp_path / "up.log"
    with log_file.open("w") as log:
        up = subprocess.Popen(
            [GONGZHI, "up"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        for port in ports.values():
            eventually(lambda p=port: _ready(p), timeout=60)
        curl = readme_first_report()
        curl[-1] = curl[-1].replace("localhost:8000", f"localhost:{ports['intake']}")
        done = subprocess.run(curl, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        report_id = json.loads(done.stdout)["id"]
        operator = _issued_key(env, "notify", "operator")

        def told(subject: str) -> list[dict]:
            """Delivered, or held until the sample's quiet hours end (the real clock runs at
            any hour, and make run runs the sample as it ships)."""
            url = f"http://127.0.0.1:{ports['notify']}/api/v1/deliveries?subject={subject}"
            found = requests.get(url, headers={"X-Api-Key": operator}, timeout=5)
            assert found.status_code == 200, found.text
            held = ("pending", "quiet hours")
            return [
                d
                for d in found.json()["deliveries"]
                if d["status"] == "delivered" or (d["status"], d["reason"]) == held
            ]

        delivered = eventually(lambda: told(report_id), timeout=5, interval=0.25)
        assert {d["channel"] for d in delivered} <= {"inbox", "log"}
        private_id = _report_with_private_data(ports["intake"], env)
        eventually(lambda: told(private_id), timeout=5, interval=0.25)
    finally:
        os.killpg(up.pid, signal.SIGINT)
        assert up.wait(timeout=60) == 0
    logs = log_file.read_text(encoding="utf-8")
    assert '"correlation_id"' in logs
    for private in ("13912345678", "139 1234 5678", "resident@example.cn"):
        assert private not in logs


def _issued_key(env: dict[str, str], service: str, role: str, name: str = "tests") -> str:
    command = [GONGZHI, "keys", "issue", "--service", service, "--name", name, "--role", role]
    issued = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return issued.stdout.strip()


def _report_with_private_data(port: int, env: dict[str, str]) -> str:
    body = {
        "category": "neighbour-dispute",
        "lat": 34.5805,
        "long": 105.7203,
        "channel": "hotline",
        "reporter_contact": "13912345678",
        "description": "楼上噪音, 请回电 139 1234 5678 或 resident@example.cn",
    }
    key = _issued_key(env, "intake", "hotline_agent", "12345-hotline")
    url, headers = f"http://127.0.0.1:{port}/api/v1/reports", {"X-Api-Key": key}
    response = requests.post(url, json=body, headers=headers, timeout=5)
    assert response.status_code == 201
    return response.json()["id"]


def _ready(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).ok
    except requests.ConnectionError:
        return False


def test_without_a_broker_up_says_so_in_one_line_and_does_not_hang():
    started = time.monotonic()
    result = subprocess.run(
        [GONGZHI, "up"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "AMQP_URI": f"amqp://guest:guest@127.0.0.1:{free_port()}//"},
        timeout=60,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("gongzhi:")]
    assert len(lines) == 1
    assert "no RabbitMQ answers" in lines[0]
    assert "rabbitmq-server" in lines[0]
    assert time.monotonic() - started < 60  # bounded by the subprocess timeout, not measured


def test_check_config_passes_the_sample_district_with_a_one_line_summary():
    result = subprocess.run(
        [GONGZHI, "check-config", "deploy/districts/xiguan"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().count("\n") == 0
    assert "72 leaf grids" in result.stdout


def test_check_config_names_file_line_and_field_of_a_broken_district(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(ROOT / "deploy/districts/xiguan", broken)
    yaml_file = broken / "district.yaml"
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace("tier: grid", "tier: galaxy", 1),
        encoding="utf-8",
    )
    result = subprocess.run([GONGZHI, "check-config", str(broken)], capture_output=True, text=True)
    assert result.returncode == 1
    assert re.search(r"district\.yaml:\d+: categories\[\d+\]\.tier: ", result.stderr)


@pytest.mark.integration
def test_bus_declare_gives_each_platform_of_the_district_its_queue(tmp_path, amqp_vhost):
    env = {**os.environ, "AMQP_URI": f"amqp://guest:guest@127.0.0.1:5672/{amqp_vhost}"}
    district = tmp_path / "district"
    shutil.copytree(ROOT / "deploy/districts/xiguan", district)
    yaml_file = district / "district.yaml"
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace(
            "      source: /platform/12345\n",
            "      source: /platform/12345\n"
            "    police110:\n      name: 110 警情平台\n      source: /110\n",
        ),
        encoding="utf-8",
    )
    declare = [GONGZHI, "bus", "declare", "--district", str(district)]
    declared = subprocess.run(declare, capture_output=True, text=True, env=env)
    assert declared.returncode == 0, declared.stderr
    listed = queues_in(amqp_vhost)
    for platform in ("hotline12345", "police110"):
        assert f"outbound.{platform}" in listed
        assert f"outbound.{platform}.dead" in listed

    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace("police110:", "Police 110:"),
        encoding="utf-8",
    )
    refused = subprocess.run(declare, capture_output=True, text=True, env=env)
    assert refused.returncode == 2
    assert re.search(r"district\.yaml:\d+: intake\.platforms\.Police 110\.key: ", refused.stderr)


def test_contract_check_passes_on_the_committed_files():
    result = subprocess.run(
        [GONGZHI, "contract", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_keys_are_issued_once_listed_without_the_secret_and_revoked(tmp_path):
    env = {**os.environ, "GONGZHI_VAR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)

    def gongzhi(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([GONGZHI, *args], cwd=ROOT, env=env, capture_output=True, text=True)

    assert gongzhi("db", "upgrade", "intake").returncode == 0
    issued = gongzhi("keys", "issue", "--name", "12345-hotline", "--role", "hotline_agent")
    assert issued.returncode == 0, issued.stderr
    key = issued.stdout.strip()
    assert key.startswith("gz_")
    listed = gongzhi("keys", "list").stdout
    key_id = listed.split()[0]
    assert "live" in listed
    assert key not in listed
    assert key[3:] not in listed
    assert gongzhi("keys", "revoke", key_id).returncode == 0
    assert "revoked" in gongzhi("keys", "list").stdout
    refused = gongzhi("keys", "issue", "--name", "x", "--role", "emperor")
    assert refused.returncode == 2
    assert "unknown role" in refused.stderr


def test_routing_keys_live_in_routing_with_routings_roles(tmp_path):
    env = {**os.environ, "GONGZHI_VAR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)

    def gongzhi(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([GONGZHI, *args], cwd=ROOT, env=env, capture_output=True, text=True)

    assert gongzhi("db", "upgrade", "intake", "routing").returncode == 0
    routing = ("--service", "routing")
    issued = gongzhi("keys", "issue", *routing, "--name", "gs-620502001", "--role", "supervisor")
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.strip().startswith("gz_")
    listed = gongzhi("keys", "list", *routing).stdout
    assert "supervisor" in listed
    assert "gs-620502001" in listed
    assert "gs-620502001" not in gongzhi("keys", "list").stdout  # intake keeps its own keys
    key_id = listed.split()[0]
    assert gongzhi("keys", "revoke", key_id).returncode == 1  # not an intake key
    assert gongzhi("keys", "revoke", *routing, key_id).returncode == 0
    assert "revoked" in gongzhi("keys", "list", *routing).stdout
    refused = gongzhi("keys", "issue", *routing, "--name", "x", "--role", "hotline_agent")
    assert refused.returncode == 2
    assert "grid_worker, staff, supervisor, viewer" in refused.stderr


def test_serve_refuses_a_malformed_clock_start_in_one_line_naming_the_setting():
    line = refusal("serve", "intake", GONGZHI_CLOCK_START="2 December")
    assert "GONGZHI_CLOCK_START: '2 December'" in line
