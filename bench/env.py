"""What the bench runs against: a RabbitMQ virtual host and databases of its own, removed after."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterator

import kombu
from sqlalchemy import create_engine, text

from gongzhi.db import DatabaseSettings

BROKER = os.environ.get("GONGZHI_TEST_BROKER", "amqp://guest:guest@127.0.0.1:5672")
SERVICES = ("intake", "routing")


@contextlib.contextmanager
def amqp_vhost() -> Iterator[str]:
    """The URI of a fresh virtual host, deleted when the block ends."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        raise SystemExit("rabbitmqctl not found: the bench needs a local RabbitMQ")
    vhost = f"gongzhi-bench-{uuid.uuid4().hex[:8]}"
    subprocess.run([ctl, "add_vhost", vhost], check=True, capture_output=True)
    try:
        subprocess.run(
            [ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
            check=True,
            capture_output=True,
        )
        yield f"{BROKER}/{vhost}"
    finally:
        subprocess.run([ctl, "delete_vhost", vhost], check=False, capture_output=True)


@contextlib.contextmanager
def databases(services: tuple[str, ...] = SERVICES) -> Iterator[dict[str, DatabaseSettings]]:
    """SQLite files in a temporary folder, or PostgreSQL schemas when DATABASE_URL is set."""
    url = os.environ.get("DATABASE_URL")
    if url:
        with _postgres(url, services) as settings:
            yield settings
        return
    with tempfile.TemporaryDirectory(prefix="gongzhi-bench-") as folder:
        yield {s: DatabaseSettings(f"sqlite:///{folder}/{s}.db", None) for s in services}


@contextlib.contextmanager
def _postgres(url: str, services: tuple[str, ...]) -> Iterator[dict[str, DatabaseSettings]]:
    url = url.replace("postgresql://", "postgresql+psycopg2://", 1)
    url = url.replace("postgres://", "postgresql+psycopg2://", 1)
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    settings = {s: DatabaseSettings(url, f"{prefix}_{s}") for s in services}
    try:
        yield settings
    finally:
        engine = create_engine(url)
        with engine.begin() as connection:
            for each in settings.values():
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{each.schema}" CASCADE'))
        engine.dispose()


def database_kind(settings: DatabaseSettings) -> str:
    if settings.is_sqlite:
        return f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL, temporary files)"
    engine = create_engine(settings.url)
    with engine.connect() as connection:
        version = connection.execute(text("SHOW server_version")).scalar_one()
    engine.dispose()
    return f"PostgreSQL {version} (a schema per service, dropped after)"


def broker_version(amqp_uri: str) -> str:
    with kombu.Connection(amqp_uri) as connection:
        connection.connect()
        version = connection.connection.server_properties.get("version", "?")
    return version.decode() if isinstance(version, bytes) else str(version)


def purge(amqp_uri: str, queues: list[str]) -> None:
    with kombu.Connection(amqp_uri) as connection:
        channel = connection.channel()
        for queue in queues:
            channel.queue_purge(queue)
        channel.close()
