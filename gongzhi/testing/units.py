"""Small real parts for unit tests: a clock moved by hand, a SQLite session (or a migrated one on
the test's database), an outbox, events."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, create_engine, select
from sqlalchemy.orm import Session

from gongzhi.envelope import Event, parse
from gongzhi.outbox import Outbox

DISTRICT = "620502001"


class FakeClock:
    """Stands still until the test moves it."""

    def __init__(self, start: datetime = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)):
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)


def sqlite_engine(metadata: MetaData, path: Path | None = None) -> Engine:
    """A real SQLite database (in memory, or a file under tmp_path) with `metadata` created."""
    engine = create_engine(f"sqlite:///{path}" if path else "sqlite://")
    metadata.create_all(engine)
    return engine


def session_fixture(metadata: MetaData):
    """A fixture to bind in a test module or conftest: `session = session_fixture(model.metadata)`
    gives each test a session on a fresh in-memory SQLite database with `metadata` created."""

    @pytest.fixture
    def session() -> Iterator[Session]:
        with Session(sqlite_engine(metadata)) as session:
            yield session

    return session


def migrated_session_fixture(service: str):
    """Like session_fixture, but on `service`'s database as the `database_settings` fixture
    makes it (a SQLite file, or a PostgreSQL schema of the test's own when DATABASE_URL is set)
    and built by the service's migrations, so what only they make (triggers) is there too.
    `session.get_bind()` is its engine, for a second session on the same database."""

    @pytest.fixture
    def session(database_settings) -> Iterator[Session]:
        from gongzhi import migrations
        from gongzhi.db import create_engine_for

        migrations.upgrade(service, database_settings[service])
        engine = create_engine_for(database_settings[service])
        with Session(engine) as session:
            yield session
        engine.dispose()

    return session


def an_event(type_: str, data: dict[str, Any] | None = None, **attributes: Any) -> Event:
    """An event of `type_` as its emitter (the type's first word) sends it in the sample
    district; `attributes` (id, source, subject, correlationid ...) override the defaults."""
    source = f"/gongzhi/{DISTRICT}/{type_.split('.', 1)[0]}"
    fields = {"source": source, "district": DISTRICT, "correlationid": "c1"}
    return Event(type=type_, data=data or {}, **{**fields, **attributes})


def outbox_for(
    session: Session,
    metadata: MetaData,
    clock: FakeClock,
    *,
    service: str,
    cause: Event | None = None,
) -> Outbox:
    """The outbox a service's unit of work would hand its handler."""
    return Outbox(
        session,
        metadata.tables["outbox"],
        source=f"/gongzhi/{DISTRICT}/{service}",
        district=DISTRICT,
        correlationid=None,
        cause=cause,
        now=clock.now(),
    )


def outbox_events(session: Session, metadata: MetaData) -> list[Event]:
    """The events waiting in the outbox, oldest first, as a consumer would read them."""
    table = metadata.tables["outbox"]
    return [parse(body) for body in session.scalars(select(table.c.body).order_by(table.c.id))]
