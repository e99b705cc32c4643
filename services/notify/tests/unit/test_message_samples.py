"""The sample events templates are checked against are events notify really gets: each is valid
against its type's JSON Schema in the committed contract, and every type notify consumes, or is
about to consume for residents, has one."""

import jsonschema
import pytest

from gongzhi import catalogue
from notify import events
from notify.samples import TYPES, NoSample, sample_event, sample_recipient

RESIDENTS_NEWS = ("intake.report.submitted.v1", "routing.issue.transitioned.v1")


@pytest.mark.parametrize("event_type", TYPES)
def test_each_sample_is_valid_against_its_types_schema(event_type):
    event = sample_event(event_type)
    schema = catalogue.load().json_schema(event_type)

    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(event.data)
    assert event.type == event_type
    assert event.time.utcoffset() is not None


def test_every_type_notify_consumes_has_a_sample_and_a_recipient():
    told = [t for t in (*events.CONSUMES, *RESIDENTS_NEWS) if t not in events.KEPT_ONLY]
    for event_type in told:
        assert sample_event(event_type).type == event_type
        recipient = sample_recipient(event_type)
        resident = recipient["kind"] == "resident"
        extra = {"preferences_url", "sms_opt_out"} if resident else set()
        own = {"own"} if "per_recipient" in sample_event(event_type).data else set()
        assert set(recipient) == {"id", "kind", "name"} | extra | own


def test_a_resident_is_told_with_the_link_to_their_preferences():
    recipient = sample_recipient("routing.issue.transitioned.v1")

    assert recipient["preferences_url"].endswith("/api/v1/preferences/resident?token={token}")


def test_each_call_gives_a_fresh_copy_of_the_sample():
    first = sample_event("routing.issue.assigned.v1")
    first.data["co_handlers"].clear()

    assert sample_event("routing.issue.assigned.v1").data["co_handlers"] != []


def test_a_type_with_no_sample_is_named_with_the_ones_there_are():
    with pytest.raises(NoSample, match=r"no sample event of type 'scoring\.points\.awarded\.v1'"):
        sample_event("scoring.points.awarded.v1")
