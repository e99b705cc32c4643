"""pytest fixtures for real parts: a RabbitMQ virtual host of the test session's own, a database
per service (SQLite in tmp_path, or a PostgreSQL schema of the test's own when DATABASE_URL is
set), and running services in this process."""

# nameko runs on eventlet, and its pytest plugin no longer patches: do it before anything
# else imports the standard library's threading and sockets.
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import eventlet

eventlet.monkey_patch()

import functools  # noqa: E402 - after the monkey patch on purpose
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import kombu  # noqa: E402
import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from gongzhi import catalogue, plugins, topology  # noqa: E402
from gongzhi.db import DatabaseSettings  # noqa: E402
from gongzhi.district import load_district  # noqa: E402
from gongzhi.testing.browser import browser, chromium  # noqa: E402, F401 - fixtures for pages
from gongzhi.testing.system import SAMPLE_DISTRICT, System, awake_district  # noqa: E402

# Routing's sweeper runs often in tests: in the services the `system` fixture starts, and in
# those the tests start as processes (they inherit this environment).
SWEEP_SECONDS = os.environ.setdefault("GONGZHI_SWEEP_SECONDS", "0.5")
DISPATCH_SECONDS = os.environ.setdefault("GONGZHI_DISPATCH_SECONDS", "0.2")
BROKER = os.environ.get("GONGZHI_TEST_BROKER", "amqp://guest:guest@127.0.0.1:5672")
VHOST_PREFIX = "gongzhi-test-"
VHOST = re.compile(VHOST_PREFIX + r"(?P<pid>[0-9]+)-[0-9a-f]{8}")  # the session's process id


@pytest.fixture(scope="session")
def amqp_vhost() -> Iterator[str]:
    """A virtual host for this test session, so tests never meet `make run`'s messages."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        pytest.fail("rabbitmqctl not found: the tests need a local RabbitMQ (see README)")
    _remove_abandoned_vhosts(ctl)
    vhost = f"{VHOST_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    subprocess.run([ctl, "add_vhost", vhost], check=True, capture_output=True)
    subprocess.run(
        [ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
        check=True,
        capture_output=True,
    )
    yield vhost
    subprocess.run([ctl, "delete_vhost", vhost], check=False, capture_output=True)


def _remove_abandoned_vhosts(ctl: str) -> None:
    """Delete the vhosts of test sessions whose process is gone (killed before its teardown):
    each holds the whole topology's quorum queues, and a few dozen exhaust the broker's file
    descriptors. A vhost of a session still running is left alone."""
    listed = subprocess.run([ctl, "-q", "list_vhosts", "name"], capture_output=True, text=True)
    for vhost in listed.stdout.split():
        session = VHOST.fullmatch(vhost)
        if session and not Path(f"/proc/{session['pid']}").exists():
            subprocess.run([ctl, "delete_vhost", vhost], check=False, capture_output=True)


@pytest.fixture
def amqp_uri(amqp_vhost: str) -> str:
    """The test's broker URI; every queue of the topology (with the sample district's outside
    systems' queues) is empty when the test starts."""
    uri = f"{BROKER}/{amqp_vhost}"
    with kombu.Connection(uri) as connection:
        plan = topology.plan(catalogue.load(), _sample_recipients())
        topology.declare(connection, plan)
        channel = connection.channel()
        for name, _ in plan.queues:
            channel.queue_purge(name)
        channel.close()
    return uri


@functools.cache
def _sample_recipients() -> tuple[str, ...]:
    return plugins.recipients(load_district(SAMPLE_DISTRICT))


@pytest.fixture
def database_settings(tmp_path) -> Iterator[dict[str, DatabaseSettings]]:
    """One database per service: SQLite files, or fresh PostgreSQL schemas."""
    from gongzhi.plugins import names

    url = os.environ.get("DATABASE_URL")
    if not url:
        yield {s: DatabaseSettings(f"sqlite:///{tmp_path / f'{s}.db'}", None) for s in names()}
        return
    url = url.replace("postgresql://", "postgresql+psycopg2://", 1)
    prefix = f"t{uuid.uuid4().hex[:8]}"
    settings = {s: DatabaseSettings(url, f"{prefix}_{s}") for s in names()}
    yield settings
    engine = create_engine(url)
    with engine.begin() as connection:
        for each in settings.values():
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{each.schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def awake_sample(tmp_path_factory) -> Path:
    """The sample district without quiet hours, for services on the real clock."""
    return awake_district(tmp_path_factory.mktemp("district"))


@pytest.fixture
def system(amqp_uri: str, database_settings, awake_sample) -> Iterator[System]:
    """Start services with `system.start("intake", ...)`; all are stopped after the test. They
    run the sample district without quiet hours (see awake_district)."""
    running = System(amqp_uri, database_settings, awake_sample)
    running.environ["GONGZHI_SWEEP_SECONDS"] = SWEEP_SECONDS
    running.environ["GONGZHI_DISPATCH_SECONDS"] = DISPATCH_SECONDS
    yield running
    running.stop_all()
