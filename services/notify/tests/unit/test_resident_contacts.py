"""Residents' contacts in notify: kept sealed as intake sent them, opened only at send time
with the shared key, purged the configured days after the case closes, kept again on reopen."""

from datetime import UTC, datetime, timedelta

import marshmallow as ma
import pytest
from sqlalchemy import select

from gongzhi import contacts
from gongzhi.district import load_district
from gongzhi.envelope import Event
from gongzhi.testing.system import SAMPLE_DISTRICT, TEST_CONTACT_KEY
from gongzhi.testing.units import FakeClock, an_event, outbox_for, session_fixture
from notify import events, model, residents
from notify.config import notify_of
from notify.residents import ResidentContact, ResidentsPolicy, contacts_of, purge_due
from notify.samples import NoSample, sample_event

KEY = TEST_CONTACT_KEY.encode()
CLOSED_AT = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
THIRTY_DAYS = ResidentsPolicy(purge_after_days=30)

session = session_fixture(model.metadata)


@pytest.fixture
def apply(session):
    def apply(handler, event: Event, **dependencies) -> None:
        outbox = outbox_for(session, model.metadata, FakeClock(), service="notify", cause=event)
        handler(event, session=session, outbox=outbox, **dependencies)

    return apply


@pytest.fixture
def share(apply):
    """intake.contact.shared.v1 for report r1, sealed as intake seals it."""

    def share(ref: str, contact: str, address: str = "phone", co_report: bool = False) -> None:
        data = {
            "report_id": "r1",
            "reporter_ref": ref,
            "co_report": co_report,
            "address": address,
            "contact": contacts.seal(contact, KEY),
        }
        apply(residents.keep_contact, an_event("intake.contact.shared.v1", data))

    return share


@pytest.fixture
def step(apply):
    """routing.issue.transitioned.v1 of case r1: its status at a time."""

    def step(status: str, at: datetime) -> None:
        data = {"issue_id": "r1", "status": status, "at": at.isoformat()}
        apply(
            residents.track_case,
            an_event("routing.issue.transitioned.v1", data),
            policy=THIRTY_DAYS,
        )

    return step


def test_the_reporter_and_co_reporters_are_opened_at_send_time_reporter_first(session, share):
    share("co1", "li@example.com", address="email", co_report=True)
    share("ref1", "+8613800138000")

    assert contacts_of(session, "r1", KEY) == [
        ResidentContact("ref1", "phone", "+8613800138000", co_report=False),
        ResidentContact("co1", "email", "li@example.com", co_report=True),
    ]


def test_a_contact_is_stored_sealed_as_it_came(session, share):
    share("ref1", "+8613800138000")

    [token] = session.scalars(select(model.resident_contacts.c.token))
    assert "13800138000" not in token
    assert contacts.unseal(token, KEY) == "+8613800138000"


def test_a_reporter_who_joins_their_own_case_again_is_kept_once(session, share):
    share("ref1", "+8613800138000")
    share("ref1", "+8613800138000", co_report=True)

    assert [c.co_report for c in contacts_of(session, "r1", KEY)] == [False]


def test_another_key_cannot_open_them_and_says_which_setting_to_look_at(session, share):
    share("ref1", "+8613800138000")
    other = b"mkCwKkxBdOhMKCbQmtQ7bX3u4nv1yyF0NqK4IIbFh4M="

    with pytest.raises(contacts.WrongKey, match="GONGZHI_CONTACT_KEY"):
        contacts_of(session, "r1", other)


def test_contacts_go_the_configured_days_after_the_case_closes(session, share, step):
    share("ref1", "+8613800138000")
    step("closed", CLOSED_AT)

    assert purge_due(session, CLOSED_AT + timedelta(days=29, hours=23)) == 0
    assert len(contacts_of(session, "r1", KEY)) == 1
    assert purge_due(session, CLOSED_AT + timedelta(days=30)) == 1
    assert contacts_of(session, "r1", KEY) == []


def test_a_resolved_case_is_not_closed_yet(session, share, step):
    share("ref1", "+8613800138000")
    step("resolved", CLOSED_AT)

    assert purge_due(session, CLOSED_AT + timedelta(days=365)) == 0


def test_a_reopened_case_keeps_its_contacts(session, share, step):
    share("ref1", "+8613800138000")
    step("closed", CLOSED_AT)
    step("in_progress", CLOSED_AT + timedelta(days=3))

    assert purge_due(session, CLOSED_AT + timedelta(days=60)) == 0
    step("closed", CLOSED_AT + timedelta(days=10))
    assert purge_due(session, CLOSED_AT + timedelta(days=39)) == 0
    assert purge_due(session, CLOSED_AT + timedelta(days=40)) == 1


def test_a_step_arriving_after_a_later_one_changes_nothing(session, share, step):
    share("ref1", "+8613800138000")
    step("in_progress", CLOSED_AT + timedelta(days=3))  # the reopening came first
    step("closed", CLOSED_AT)

    assert purge_due(session, CLOSED_AT + timedelta(days=60)) == 0


def test_a_contact_arriving_after_its_case_was_purged_goes_too(session, share, step):
    step("closed", CLOSED_AT)
    purge_due(session, CLOSED_AT + timedelta(days=30))
    share("late", "+8613800138000", co_report=True)

    assert purge_due(session, CLOSED_AT + timedelta(days=30, hours=1)) == 1


def test_the_district_sets_the_days_and_the_sample_keeps_thirty():
    sample = ResidentsPolicy(30, public_url="http://localhost:8003", link_days=90)
    assert notify_of(load_district(SAMPLE_DISTRICT)).residents == sample
    assert residents.ResidentsSchema().load({"purge_after_days": 7}) == ResidentsPolicy(7)
    with pytest.raises(ma.ValidationError, match="purge_after_days"):
        residents.ResidentsSchema().load({"purge_after_days": -1})


def test_no_message_template_can_be_written_for_a_sealed_contact():
    for event_type in events.KEPT_ONLY:
        with pytest.raises(NoSample):
            sample_event(event_type)  # check-config refuses a template serving it
