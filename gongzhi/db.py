"""Database settings and engines: SQLite in var/ by default, PostgreSQL when configured.

`<SERVICE>_DATABASE_URL` wins over `DATABASE_URL`. On PostgreSQL each service keeps its tables in
its own schema (`<SERVICE>_DATABASE_SCHEMA`, default the service's name), so one database can
hold all five services without them ever sharing a table.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry

VAR = Path(os.environ.get("GONGZHI_VAR", "var"))


@dataclass(frozen=True)
class DatabaseSettings:
    url: str
    schema: str | None  # None on SQLite

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


def settings_for(service: str, environ: os._Environ | dict | None = None) -> DatabaseSettings:
    env = os.environ if environ is None else environ
    prefix = service.upper()
    url = env.get(f"{prefix}_DATABASE_URL") or env.get("DATABASE_URL")
    if not url:
        return DatabaseSettings(url=f"sqlite:///{VAR / f'{service}.db'}", schema=None)
    url = url.replace("postgresql://", "postgresql+psycopg2://", 1)
    url = url.replace("postgres://", "postgresql+psycopg2://", 1)
    if url.startswith("sqlite"):
        return DatabaseSettings(url=url, schema=None)
    return DatabaseSettings(url=url, schema=env.get(f"{prefix}_DATABASE_SCHEMA", service))


def create_engine_for(settings: DatabaseSettings) -> Engine:
    if settings.is_sqlite:
        return _sqlite_engine(settings.url)
    options = f"-c search_path={settings.schema}"
    return create_engine(
        settings.url,
        connect_args={"options": options},
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
    )


def _sqlite_engine(url: str) -> Engine:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
