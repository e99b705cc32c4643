"""A reporter's contact goes to notify alone, sealed with the key the two share, in the same
unit of work as the report or co-report it came with; every other event names the reporter
only by pseudonym."""

from gongzhi import contacts
from gongzhi.testing.system import TEST_CONTACT_KEY
from gongzhi.testing.units import outbox_events
from intake import model

SHARED = "intake.contact.shared.v1"


def shared(session) -> list:
    return [e for e in outbox_events(session, model.metadata) if e.type == SHARED]


def test_a_report_with_a_phone_number_shares_it_sealed_for_notify(session, submit):
    report_id = submit(reporter_contact=" 138 0013 8000 ")

    [submitted, event] = outbox_events(session, model.metadata)
    assert (event.type, event.subject) == (SHARED, report_id)
    assert event.data["reporter_ref"] == submitted.data["reporter_ref"]
    assert (event.data["address"], event.data["co_report"]) == ("phone", False)
    opened = contacts.unseal(event.data["contact"], TEST_CONTACT_KEY.encode())
    assert opened == "+8613800138000"


def test_no_event_carries_the_contact_in_clear(session, submit):
    submit(reporter_contact="13800138000")
    submit(reporter_contact="zhang@example.com", lat=34.5806)  # a co-report

    for event in outbox_events(session, model.metadata):
        body = event.to_json().decode()
        assert "13800138000" not in body
        assert "zhang@example.com" not in body


def test_a_co_reporter_is_shared_with_the_case_it_joined(session, submit):
    report_id = submit()
    assert submit(reporter_contact="zhang@example.com", lat=34.5806) == report_id

    first, joined = shared(session)
    assert (joined.data["report_id"], joined.data["co_report"]) == (report_id, True)
    assert joined.data["address"] == "email"
    assert joined.data["reporter_ref"] != first.data["reporter_ref"]


def test_an_anonymous_report_shares_nothing(session, submit):
    submit(reporter_contact=None)

    assert shared(session) == []


def test_a_contact_no_channel_can_reach_stays_in_intake_alone(session, submit):
    report_id = submit(reporter_contact="微信号 zhang")

    assert shared(session) == []
    [submitted] = outbox_events(session, model.metadata)
    assert submitted.subject == report_id
