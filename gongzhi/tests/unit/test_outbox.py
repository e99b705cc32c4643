"""An event is written to the outbox in the handler's transaction, as the CloudEvent to send."""

import marshmallow as ma
import pytest
from sqlalchemy import MetaData, select
from sqlalchemy.orm import Session

from gongzhi import envelope
from gongzhi.bus_tables import outbox_table
from gongzhi.catalogue import EventType
from gongzhi.clock import as_utc
from gongzhi.testing.units import FakeClock, an_event, outbox_for, session_fixture


class Cleaned(ma.Schema):
    street = ma.fields.String(required=True)
    bags = ma.fields.Integer(required=True, validate=ma.validate.Range(min=0))


STREET_CLEANED = EventType("sweep.street.cleaned", 1, Cleaned, "A street was swept.")
metadata = MetaData()
outbox_table(metadata)


session = session_fixture(metadata)


def rows(session: Session) -> list:
    return list(session.execute(select(metadata.tables["outbox"])).all())


def test_an_added_event_is_a_row_holding_its_cloudevent(session):
    clock = FakeClock()
    outbox = outbox_for(session, metadata, clock, service="sweep")
    event = outbox.add(STREET_CLEANED, {"street": "西关", "bags": 3}, subject="s1")
    [row] = rows(session)
    body = envelope.parse(row.body)
    assert (row.event_id, row.event_type, row.exchange) == (event.id, event.type, "gongzhi.sweep")
    assert (body.type, body.subject, body.data) == ("sweep.street.cleaned.v1", "s1", event.data)
    assert (body.source, body.district, body.time) == (event.source, "620502001", clock.now())
    assert body.dataschema == "urn:gongzhi:event:sweep.street.cleaned.v1"
    assert outbox.added == [event]


def test_an_event_carries_the_correlation_of_its_cause_and_names_it(session):
    cause = an_event("intake.report.submitted.v1", correlationid="corr-1")
    outbox = outbox_for(session, metadata, FakeClock(), service="sweep", cause=cause)
    outbox.add(STREET_CLEANED, {"street": "西关", "bags": 3})
    body = envelope.parse(rows(session)[0].body)
    assert (body.correlationid, body.causationid) == ("corr-1", cause.id)
    assert rows(session)[0].correlation_id == "corr-1"


def test_a_payload_that_breaks_its_schema_is_refused_and_nothing_is_written(session):
    outbox = outbox_for(session, metadata, FakeClock(), service="sweep")
    with pytest.raises(ma.ValidationError) as refused:
        outbox.add(STREET_CLEANED, {"street": "西关", "bags": -1})
    assert "bags" in refused.value.messages
    assert rows(session) == []
    assert outbox.added == []


def test_a_new_event_is_due_at_once_and_not_yet_tried(session):
    clock = FakeClock()
    outbox_for(session, metadata, clock, service="sweep").add(
        STREET_CLEANED, {"street": "西关", "bags": 0}
    )
    [row] = rows(session)
    assert row.attempts == 0
    assert as_utc(row.next_attempt_at) == clock.now()


STREET_TOLD = EventType("sweep.street.told", 1, Cleaned, "For the city's system.", outbound=True)


def test_an_outbound_event_names_its_recipient_and_goes_to_the_outbound_exchange(session):
    outbox = outbox_for(session, metadata, FakeClock(), service="sweep")
    outbox.add(STREET_TOLD, {"street": "西关", "bags": 1}, recipient="city")
    [row] = rows(session)
    assert row.exchange == "gongzhi.outbound"
    assert envelope.parse(row.body).recipient == envelope.recipient_of(row.body) == "city"


@pytest.mark.parametrize(
    ("event_type", "recipient"), [(STREET_TOLD, None), (STREET_CLEANED, "city")], ids=str
)
def test_a_recipient_goes_with_an_outbound_event_and_with_nothing_else(
    session, event_type, recipient
):
    outbox = outbox_for(session, metadata, FakeClock(), service="sweep")
    with pytest.raises(ValueError, match="a recipient goes with outbound events alone"):
        outbox.add(event_type, {"street": "西关", "bags": 1}, recipient=recipient)
    assert rows(session) == []
