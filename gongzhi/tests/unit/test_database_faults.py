"""Which database errors mean "out of reach, try again" (503) and which mean a bug (500):
each raised for real, by SQLite or by psycopg2 against a port where nothing listens."""

import sqlite3

import pytest
from sqlalchemy import create_engine, exc, text
from sqlalchemy.pool import QueuePool

from gongzhi import db
from gongzhi.testing.system import free_port
from gongzhi.web import as_http_error


def raised(engine, sql: str) -> Exception:
    with pytest.raises(exc.SQLAlchemyError) as caught, engine.begin() as connection:
        connection.execute(text(sql))
    return caught.value


@pytest.fixture
def sqlite(tmp_path):
    engine = db.create_engine_for(db.DatabaseSettings(f"sqlite:///{tmp_path}/t.db?timeout=0", None))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
    yield engine
    engine.dispose()


def test_a_locked_sqlite_is_out_of_reach(sqlite, tmp_path):
    locker = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        assert db.unavailable(raised(sqlite, "INSERT INTO t VALUES (2)"))
    finally:
        locker.close()


def test_a_sqlite_file_that_cannot_be_opened_is_out_of_reach(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/no/such/folder/t.db")
    assert db.unavailable(raised(engine, "SELECT 1"))


def test_a_postgresql_that_refuses_connections_is_out_of_reach():
    engine = create_engine(f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/test")
    error = raised(engine, "SELECT 1")
    assert db.unavailable(error)
    answer = as_http_error(error)
    assert (answer.status, answer.code) == (503, "unavailable")
    assert int(answer.headers["Retry-After"]) > 0


def test_a_pool_with_no_connection_free_is_out_of_reach(tmp_path):
    engine = create_engine(
        f"sqlite:///{tmp_path}/t.db",
        poolclass=QueuePool,
        pool_size=1,
        max_overflow=0,
        pool_timeout=0.05,
    )
    with engine.connect(), pytest.raises(exc.TimeoutError) as caught:
        engine.connect()
    assert db.unavailable(caught.value)


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO t VALUES (1)",  # IntegrityError: a bug or a race our code must handle
        "SELECT * FROM no_such_table",  # sqlite3 calls bad SQL an OperationalError too
        "SELEC 1",
    ],
)
def test_errors_of_our_own_making_stay_a_500(sqlite, sql):
    error = raised(sqlite, sql)
    assert not db.unavailable(error)
    assert as_http_error(error).status == 500


def test_an_error_that_is_no_database_error_stays_a_500():
    assert not db.unavailable(ValueError("database is locked"))
    assert as_http_error(KeyError("x")).status == 500
