"""The envelope is CloudEvents 1.0 structured JSON, readable by the cloudevents SDK and back."""

import json

import pytest
from cloudevents.v1.conversion import to_structured
from cloudevents.v1.http import CloudEvent, from_json

from gongzhi import envelope
from gongzhi.testing.units import an_event

SUBMITTED = "intake.report.submitted.v1"


def test_an_event_we_write_is_read_by_the_cloudevents_sdk():
    ours = an_event(SUBMITTED, {"report_id": "r1"}, subject="r1", causationid="e0")
    theirs = from_json(ours.to_json())
    assert theirs["id"] == ours.id
    assert theirs["type"] == ours.type
    assert theirs["source"] == ours.source
    assert theirs["district"] == "620502001"
    assert theirs["correlationid"] == "c1"
    assert theirs["causationid"] == "e0"
    assert theirs.data == {"report_id": "r1"}


def test_an_event_the_cloudevents_sdk_writes_is_read_by_us():
    attributes = {
        "type": "intake.report.submitted.v1",
        "source": "/platform/12345",
        "subject": "r9",
        "district": "620502001",
        "correlationid": "c9",
    }
    _, body = to_structured(CloudEvent(attributes, {"report_id": "r9"}))
    ours = envelope.parse(body)
    assert (ours.type, ours.source, ours.subject) == (attributes["type"], "/platform/12345", "r9")
    assert ours.data == {"report_id": "r9"}
    assert ours.time.tzinfo is not None


def test_the_envelope_round_trips_through_json():
    event = an_event(SUBMITTED, {"report_id": "r1"}, subject="r1")
    assert envelope.parse(event.to_json()) == event


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({"specversion": "0.3"}).encode(), "specversion"),
        (json.dumps({"specversion": "1.0", "id": "x"}).encode(), "source"),
    ],
)
def test_unreadable_envelopes_say_what_is_wrong(body, complaint):
    with pytest.raises(envelope.EnvelopeError) as error:
        envelope.parse(body)
    assert complaint in str(error.value)


def test_an_event_without_our_extensions_is_refused_with_their_names():
    _, body = to_structured(CloudEvent({"type": "t.v1", "source": "/s"}, {}))
    with pytest.raises(envelope.EnvelopeError) as error:
        envelope.parse(body)
    assert set(error.value.messages) == {"district", "correlationid"}
