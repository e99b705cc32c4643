"""A consumer applies each event once: the inbox remembers (consumer, source, id)."""

import pytest
from sqlalchemy import MetaData
from sqlalchemy.orm import Session

from gongzhi import inbox
from gongzhi.bus_tables import inbox_table
from gongzhi.envelope import Event
from gongzhi.testing.units import FakeClock, sqlite_engine

metadata = MetaData()
table = inbox_table(metadata)


@pytest.fixture
def session():
    with Session(sqlite_engine(metadata)) as session:
        yield session


def an_event(event_id: str = "e1", source: str = "/gongzhi/620502001/intake") -> Event:
    return Event(
        id=event_id,
        type="intake.report.submitted.v1",
        source=source,
        data={},
        district="620502001",
        correlationid="c1",
    )


def test_an_event_is_new_the_first_time_and_old_the_second(session):
    now = FakeClock().now()
    assert inbox.record(session, table, "routing", an_event(), now) is True
    assert inbox.record(session, table, "routing", an_event(), now) is False


def test_each_consumer_applies_the_same_event_once_of_its_own(session):
    now = FakeClock().now()
    assert inbox.record(session, table, "routing", an_event(), now) is True
    assert inbox.record(session, table, "scoring", an_event(), now) is True
    assert inbox.record(session, table, "scoring", an_event(), now) is False


def test_the_same_id_from_another_source_is_another_event(session):
    now = FakeClock().now()
    assert inbox.record(session, table, "routing", an_event(source="/platform/1"), now) is True
    assert inbox.record(session, table, "routing", an_event(source="/platform/2"), now) is True
