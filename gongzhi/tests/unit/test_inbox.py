"""A consumer applies each event once: the inbox remembers (consumer, source, id)."""

from sqlalchemy import MetaData

from gongzhi import inbox
from gongzhi.bus_tables import inbox_table
from gongzhi.envelope import Event
from gongzhi.testing.units import FakeClock, an_event, session_fixture

metadata = MetaData()
table = inbox_table(metadata)


session = session_fixture(metadata)


def received(source: str = "/gongzhi/620502001/intake") -> Event:
    """The same event (id e1) each time it is called from the same source."""
    return an_event("intake.report.submitted.v1", id="e1", source=source)


def test_an_event_is_new_the_first_time_and_old_the_second(session):
    now = FakeClock().now()
    assert inbox.record(session, table, "routing", received(), now) is True
    assert inbox.record(session, table, "routing", received(), now) is False


def test_each_consumer_applies_the_same_event_once_of_its_own(session):
    now = FakeClock().now()
    assert inbox.record(session, table, "routing", received(), now) is True
    assert inbox.record(session, table, "scoring", received(), now) is True
    assert inbox.record(session, table, "scoring", received(), now) is False


def test_the_same_id_from_another_source_is_another_event(session):
    now = FakeClock().now()
    assert inbox.record(session, table, "routing", received(source="/platform/1"), now) is True
    assert inbox.record(session, table, "routing", received(source="/platform/2"), now) is True
