"""Intake accepts a resident's report, keeps the contact to itself, and learns its routing."""

from datetime import UTC, datetime

import pytest

from gongzhi.contacts import reporter_ref
from gongzhi.testing.units import outbox_events, outbox_for
from intake import model
from intake.handlers import record_routing
from intake.rules import Refused
from intake.schemas import ReportOut
from intake.views import find_report

from ..conftest import transitioned


def announced(session) -> list:
    """What intake announced of reports, to every service (the reporters' sealed contacts,
    for notify alone, left out: test_contact_for_notify.py)."""
    events = outbox_events(session, model.metadata)
    return [event for event in events if event.type != "intake.contact.shared.v1"]


def test_a_submitted_report_is_kept_and_announced_once(session, submit, clock):
    report_id = submit()
    [event] = announced(session)
    assert (event.type, event.subject) == ("intake.report.submitted.v1", report_id)
    assert event.data["location"] == {"lat": 34.5805, "long": 105.7012}
    report = find_report(session, report_id, full_view=True)
    assert (report["status"], report["submitted_at"]) == ("submitted", clock.now())


def test_the_announcement_names_the_reporter_only_by_pseudonym(session, submit):
    report_id = submit()
    [event] = announced(session)
    assert "reporter_contact" not in event.data
    assert "13800138000" not in event.to_json().decode()
    assert (
        event.data["reporter_ref"]
        == find_report(session, report_id, full_view=True)["reporter_ref"]
    )


def test_the_same_reporter_gets_the_same_pseudonym_however_the_contact_is_spaced(session, submit):
    submit(reporter_contact="13800138000")
    submit(reporter_contact=" 138 0013 8000 ")
    first, second = announced(session)
    assert first.data["reporter_ref"] == second.data["reporter_ref"]


def test_another_key_gives_the_same_reporter_another_pseudonym(session, submit):
    submit(key=b"one key")
    submit(key=b"another key")
    first, second = announced(session)
    assert first.data["reporter_ref"] != second.data["reporter_ref"]


def test_an_anonymous_report_has_no_pseudonym(session, submit):
    submit(reporter_contact=None)
    [event] = outbox_events(session, model.metadata)
    assert event.data["reporter_ref"] is None


def test_a_report_in_a_category_the_district_does_not_know_is_refused(session, submit):
    with pytest.raises(Refused) as refused:
        submit(category="alien-landing")
    assert [p.code for p in refused.value.problems] == ["unknown_category"]
    assert outbox_events(session, model.metadata) == []


def test_a_report_not_yet_routed_has_no_routing(session, submit):
    assert find_report(session, submit(), full_view=True)["routing"] is None


def test_an_assignment_shows_up_as_the_reports_routing(session, submit, clock, district):
    report_id = submit()
    outbox = outbox_for(session, model.metadata, clock, service="intake")
    record_routing(transitioned(report_id), session=session, outbox=outbox, district=district)
    report = find_report(session, report_id, full_view=True)
    assert report["status"] == "assigned"
    assert report["routing"] == {
        "grid_code": "620502001001001",
        "grid_name": "西关第一社区第1网格",
        "tier": "grid",
        "owner_kind": "grid_worker",
        "owner_id": "gw-620502001001001",
        "assigned_at": datetime(2024, 5, 6, 9, 31, tzinfo=UTC),
        "expected_at": datetime(2024, 5, 13, 9, 30, tzinfo=UTC),
    }


def test_an_unknown_report_is_not_found(session):
    assert find_report(session, "no-such-report", full_view=True) is None


def test_even_the_full_record_shows_no_contact(session, submit):
    report = find_report(session, submit(), full_view=True)
    assert report["reporter_contact"] == "13800138000"  # kept for intake's own use
    shown = ReportOut().dump(report)
    assert "reporter_contact" not in shown
    assert "13800138000" not in str(shown)
    assert (shown["lat"], shown["long"]) == (34.5805, 105.7012)


@pytest.mark.parametrize("spelling", ["+86 138 0013 8000", "138-0013-8000", "(+86)13800138000"])
def test_one_phone_written_many_ways_is_one_reporter(spelling):
    key = b"k"
    assert reporter_ref(spelling, key) == reporter_ref("13800138000", key)


def test_a_later_step_arriving_before_an_earlier_one_is_kept(session, submit, clock, district):
    report_id = submit()
    outbox = outbox_for(session, model.metadata, clock, service="intake")
    record_routing(
        transitioned(report_id, "replied", at="11:00"),
        session=session,
        outbox=outbox,
        district=district,
    )
    record_routing(
        transitioned(report_id, "accepted", at="10:00"),
        session=session,
        outbox=outbox,
        district=district,
    )
    assert find_report(session, report_id, full_view=True)["status"] == "replied"
