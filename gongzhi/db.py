"""Database settings and engines: SQLite in var/ by default, PostgreSQL when configured
(gongzhi.settings reads which).

`<SERVICE>_DATABASE_URL` wins over `DATABASE_URL`. On PostgreSQL each service keeps its tables in
its own schema (`<SERVICE>_DATABASE_SCHEMA`, default the service's name), so one database can
hold all five services without them ever sharing a table.
"""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc, make_url
from sqlalchemy.pool import ConnectionPoolEntry

CONNECT_TIMEOUT = 5  # seconds a PostgreSQL connection may take before the database counts as away
SQLITE_BUSY_TIMEOUT = 30  # seconds; a `?timeout=` in the URL wins
# SQLSTATE classes of a PostgreSQL that is away or overwhelmed: 08 connection exception,
# 53 insufficient resources (too many connections, disk full), 57 operator intervention
# (shutting down, starting up, a statement cancelled by its timeout).
UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53", "57")
# sqlite3 raises OperationalError for bad SQL too: only these mean the file is out of reach.
SQLITE_UNAVAILABLE = ("is locked", "unable to open database file", "disk i/o error")


@dataclass(frozen=True)
class DatabaseSettings:
    url: str
    schema: str | None  # None on SQLite

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


def create_engine_for(settings: DatabaseSettings) -> Engine:
    """An engine that finds out at once when the database went away and came back: pooled
    connections are pinged before use, and a connection attempt gives up after a while."""
    if settings.is_sqlite:
        return _sqlite_engine(settings.url)
    options = f"-c search_path={settings.schema}"
    engine = create_engine(
        settings.url,
        connect_args={"options": options, "connect_timeout": CONNECT_TIMEOUT},
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
    )
    event.listen(engine, "do_connect", _bounded_connect)
    return engine


def _bounded_connect(dialect, _record: ConnectionPoolEntry, cargs, cparams):
    """libpq ignores connect_timeout when psycopg2 connects through eventlet's wait callback
    (measured: a server that accepts and never answers held the connect as long as we
    waited), so under eventlet the attempt is bounded here."""
    import psycopg2.extensions

    if psycopg2.extensions.get_wait_callback() is None:
        return None  # blocking libpq keeps connect_timeout itself
    import eventlet

    silent = psycopg2.OperationalError(f"timeout expired: no answer within {CONNECT_TIMEOUT} s")
    with eventlet.Timeout(CONNECT_TIMEOUT, silent):
        return dialect.connect(*cargs, **cparams)


def unavailable(error: BaseException) -> bool:
    """Whether `error` says the database is out of reach now (answer 503, try again later)
    rather than that our SQL or data is wrong (IntegrityError, ProgrammingError: a 500)."""
    if isinstance(error, exc.TimeoutError | exc.DisconnectionError):
        return True  # no connection free in the pool; the pool's own disconnect signal
    if not isinstance(error, exc.DBAPIError):
        return False
    if error.connection_invalidated:  # the dialect recognised a lost connection
        return True
    if not isinstance(error, exc.OperationalError):
        return False
    if isinstance(error.orig, sqlite3.Error):
        return any(words in str(error.orig).lower() for words in SQLITE_UNAVAILABLE)
    sqlstate = getattr(error.orig, "pgcode", None)
    # No SQLSTATE: libpq never reached a server (refused, timed out, closed, unknown host).
    return sqlstate is None or sqlstate[:2] in UNAVAILABLE_SQLSTATE_CLASSES


def _sqlite_engine(url: str) -> Engine:
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    given = "timeout" in make_url(url).query
    engine = create_engine(url, connect_args={} if given else {"timeout": SQLITE_BUSY_TIMEOUT})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
