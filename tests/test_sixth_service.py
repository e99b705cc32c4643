"""A sixth service, the tally (tests/sixth), installed beside the five by its entry point alone:
`contract`, `bus declare`, `db upgrade`, `check-config`, `serve` and `up` take it in with no edit
to gongzhi/. It is installed into a folder of its own, never into the checkout's environment,
whose committed contract has five services."""

import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, inspect, text

from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.plugins import names
from gongzhi.testing.bus import queues_in
from gongzhi.testing.processes import GONGZHI, ROOT, Served, database_environ
from gongzhi.testing.system import SAMPLE_DISTRICT, eventually, free_port

pytestmark = pytest.mark.integration
PIP = str(Path(sys.executable).parent / "pip")
QUEUES = ("tally.intake.report.submitted.v1", "tally.tally.count.changed.v1")
NOISE = {
    "category": "neighbour-dispute",
    "lat": 34.5805,
    "long": 105.7203,
    "description": "楼上深夜装修, 噪音扰民",
    "channel": "app",
}


@dataclass(frozen=True)
class Installation:
    """The tally installed beside the checkout's gongzhi, and what `gongzhi contract --out`
    wrote with it there."""

    contract: Path
    installed: dict[str, str]  # the settings that run a command with the tally installed


@pytest.fixture(scope="module")
def installation(tmp_path_factory) -> Installation:
    """The tally pip-installed into a folder (from a copy: pip builds in the source tree). The
    checkout's committed contract stays as it is: running services join the tally's events
    from its events.py (gongzhi.catalogue.load)."""
    root = tmp_path_factory.mktemp("sixth")
    shutil.copytree(ROOT / "tests" / "sixth", root / "source")
    folder = root / "site"
    install = ["install", "-q", "--no-deps", "--no-build-isolation", "--target", str(folder)]
    subprocess.run([PIP, *install, str(root / "source")], check=True, timeout=120)
    contract = root / "contract"
    assert not gongzhi("contract", "--out", str(contract), PYTHONPATH=str(folder)).returncode
    return Installation(contract, {"PYTHONPATH": str(folder)})


@pytest.fixture
def databases(database_settings, tmp_path) -> Iterator[dict[str, DatabaseSettings]]:
    """The five services' databases and the tally's, made the same way (SQLite, or a schema of
    the test's own when DATABASE_URL is set)."""
    intake = database_settings["intake"]
    if intake.is_sqlite:
        yield {
            **database_settings,
            "tally": DatabaseSettings(f"sqlite:///{tmp_path}/tally.db", None),
        }
        return
    tally = DatabaseSettings(intake.url, f"t{uuid.uuid4().hex[:8]}_tally")
    yield {**database_settings, "tally": tally}
    engine = create_engine(intake.url)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{tally.schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def served(installation, databases, amqp_vhost, tmp_path) -> Iterator[Served]:
    environ = {
        **installation.installed,
        **database_environ(databases),
        "AMQP_URI": f"amqp://guest:guest@127.0.0.1:5672/{amqp_vhost}",
    }
    running = Served(tmp_path, environ, district=district_with_tally(tmp_path, milestone=1))
    yield running
    running.stop_all()


def gongzhi(*args: str, **environ: str) -> subprocess.CompletedProcess:
    """`gongzhi ARGS`, run from the checkout's root with `environ` added."""
    return subprocess.run(
        [GONGZHI, *args],
        cwd=ROOT,
        env={**os.environ, **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def district_with_tally(folder: Path, milestone: object) -> Path:
    """The sample district with a `tally:` section appended."""
    district = folder / "district"
    shutil.copytree(SAMPLE_DISTRICT, district)
    with (district / "district.yaml").open("a", encoding="utf-8") as yaml_file:
        yaml_file.write(f"\n# The tally (tests/sixth).\ntally:\n  milestone: {milestone}\n")
    return district


def counts(served: Served) -> list[dict]:
    return requests.get(served.url("tally", "/api/v1/counts"), timeout=5).json()["counts"]


def test_contract_takes_the_tally_in_and_the_committed_one_still_holds(installation):
    catalogue = (installation.contract / "gongzhi/contracts/catalogue.json").read_text("utf-8")
    asyncapi = (installation.contract / "gongzhi/contracts/asyncapi.json").read_text("utf-8")
    definitions = (installation.contract / "deploy/rabbitmq/definitions.json").read_text("utf-8")

    assert '"tally.count.changed.v1": {' in catalogue
    assert re.search(
        r'"consumer": "tally",\s*"event_type": "intake.report.submitted.v1"', catalogue
    )
    for queue in QUEUES:
        assert f"Consumed from quorum queue {queue}." in asyncapi
        assert f'"name": "{queue}"' in definitions
    assert (
        installation.contract / "gongzhi/contracts/schemas/tally.count.changed.v1.json"
    ).exists()
    checked = gongzhi("contract", "--check")  # the checkout's own, without the tally
    assert checked.returncode == 0, checked.stderr


def test_bus_declare_declares_the_tallys_queues(installation, amqp_vhost):
    uri = f"amqp://guest:guest@127.0.0.1:5672/{amqp_vhost}"
    declared = gongzhi("bus", "declare", AMQP_URI=uri, **installation.installed)
    assert declared.returncode == 0, declared.stderr

    listed = queues_in(amqp_vhost)
    for queue in QUEUES:
        assert queue in listed
        assert f"{queue}.dead" in listed


def test_db_upgrade_migrates_the_tallys_database_with_the_others(installation, databases):
    done = gongzhi("db", "upgrade", **database_environ(databases), **installation.installed)

    assert done.returncode == 0, done.stderr
    assert "tally: migrated" in done.stdout
    assert "intake: migrated" in done.stdout
    engine = create_engine_for(databases["tally"])  # in its own schema on PostgreSQL
    assert "counts" in inspect(engine).get_table_names()
    engine.dispose()


def test_check_config_checks_the_tallys_section_only_where_the_tally_is_installed(
    installation, tmp_path
):
    good = str(district_with_tally(tmp_path / "good", milestone=1))
    bad = str(district_with_tally(tmp_path / "bad", milestone=0))

    accepted = gongzhi("check-config", good, **installation.installed)
    refused = gongzhi("check-config", bad, **installation.installed)
    unowned = gongzhi("check-config", good)  # the tally not installed

    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.endswith(": OK\n")
    assert refused.returncode == 1
    assert re.search(r"bad/district/district\.yaml:\d+: tally\.milestone: ", refused.stderr)
    assert unowned.returncode == 1
    assert re.search(r"district\.yaml:\d+: tally: no installed service owns", unowned.stderr)
    assert f"(installed: {', '.join(names())})" in unowned.stderr


def test_serve_runs_the_tally_to_ready(served):
    served.prepare("tally")
    served.start("tally")

    assert counts(served) == []


def test_up_runs_the_tally_with_intake_and_it_counts_a_report(served, amqp_vhost):
    served.gongzhi("bus", "declare")
    purge = ["rabbitmqctl", "purge_queue", "-p", amqp_vhost, QUEUES[0]]
    subprocess.run(purge, check=True, capture_output=True)  # other tests' reports reach it too
    for service in ("intake", "tally"):
        served.ports[service] = free_port()
        served.environ[f"{service.upper()}_PORT"] = str(served.ports[service])
    up = [GONGZHI, "up", "--only", "intake,tally", "--district", str(served.district)]
    with served.log("up").open("w") as log:
        served.processes["up"] = subprocess.Popen(
            up,
            cwd=ROOT,
            env=served.environ,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # as Served starts its own: stop_all signals the group
        )
    eventually(lambda: answers(served, "intake") and answers(served, "tally"), timeout=60)

    key = {"X-Api-Key": served.issue_key("intake", "hotline_agent")}
    url = served.url("intake", "/api/v1/reports")
    posted = requests.post(url, json=NOISE, headers=key, timeout=5)
    assert posted.status_code == 201, posted.text
    reached = eventually(lambda: [c for c in counts(served) if c["milestone"]], timeout=10)
    assert reached == [{"category": "neighbour-dispute", "reports": 1, "milestone": 1}]


def answers(served: Served, service: str) -> bool:
    served.check_running()
    try:
        return requests.get(served.url(service, "/health/ready"), timeout=2).ok
    except requests.ConnectionError:
        return False
