"""Staff hide a report or an update from the public view with a reason; it stays in the record
with who hid it and when, and the full view still shows it, hiding and all."""

from datetime import timedelta

import pytest

from gongzhi.testing.units import outbox_for
from intake import model, moderation, updates, views
from intake.handlers import record_routing
from intake.views import ReportPage

from ..conftest import transitioned

COMMENT = {"kind": "comment", "author": "reporter", "text": "电话 13800138000 打给我"}


@pytest.fixture
def comment(session, clock):
    def comment(report_id: str) -> int:
        outbox = outbox_for(session, model.metadata, clock, service="intake")
        return updates.add_update(
            report_id, COMMENT, session=session, outbox=outbox, now=clock.now()
        )

    return comment


def hiding(clock, reason: str = "personal_data") -> moderation.Hiding:
    return moderation.Hiding(reason, "staff-xiguan", clock.now())


def test_a_hidden_report_is_absent_from_public_lists_and_not_found_by_id(session, submit, clock):
    shown, hidden = submit(), submit(lat=34.5825)
    moderation.hide_report(session, hidden, hiding(clock, "abuse"))
    public = views.list_reports(session, ReportPage(), full_view=False)
    assert [r["id"] for r in public] == [shown]
    assert views.find_report(session, hidden, full_view=False) is None
    assert views.updates_of(session, hidden, full_view=False) == []


def test_a_hidden_report_stays_in_the_full_view_with_who_hid_it_when_and_why(
    session, submit, clock
):
    report_id = submit()
    moderation.hide_report(session, report_id, hiding(clock, "duplicate"))
    found = views.find_report(session, report_id, full_view=True)
    assert found["hidden"] == {"reason": "duplicate", "by": "staff-xiguan", "at": clock.now()}
    assert len(views.list_reports(session, ReportPage(), full_view=True)) == 1


def test_the_first_hiding_stands(session, submit, clock):
    report_id = submit()
    first = moderation.hide_report(session, report_id, hiding(clock, "abuse"))
    clock.advance(300)
    assert moderation.hide_report(session, report_id, hiding(clock, "duplicate")) == first


def test_a_hidden_update_is_absent_from_the_public_view_only(session, submit, clock, comment):
    report_id = submit()
    kept, hidden = comment(report_id), comment(report_id)
    moderation.hide_update(session, report_id, hidden, hiding(clock))
    assert [u["id"] for u in views.updates_of(session, report_id, full_view=False)] == [kept]
    full = views.updates_of(session, report_id, full_view=True)
    assert [u["hidden"] and u["hidden"]["reason"] for u in full] == [None, "personal_data"]
    window = views.ReportQuery(clock.now() - timedelta(days=1), clock.now() + timedelta(days=1))
    assert [u["id"] for u in views.updates_between(session, window, full_view=False)] == [kept]


def test_hiding_what_is_not_there_is_not_found(session, submit, clock, comment):
    report_id = submit()
    update_id = comment(report_id)
    with pytest.raises(moderation.NotFound):
        moderation.hide_report(session, "no-such-report", hiding(clock))
    with pytest.raises(moderation.NotFound):
        moderation.hide_update(session, submit(lat=34.5825), update_id, hiding(clock))


@pytest.mark.parametrize("given", ["x", "1.5", "²", "-1", "9" * 19, ""])
def test_an_update_id_no_update_can_have_is_not_found(given):
    with pytest.raises(moderation.NotFound):
        moderation.update_number(given)


def test_a_hidden_answer_is_no_longer_the_reports_answer(session, submit, clock, district):
    report_id = submit()
    outbox = outbox_for(session, model.metadata, clock, service="intake")
    for status, at, text in (("replied", "10:00", "明日上门"), ("replied", "11:00", "骂人的话")):
        answered = transitioned(report_id, status, at=at, answer={"text": text, "photos": []})
        record_routing(answered, session=session, outbox=outbox, district=district)
    [_, abusive] = views.updates_of(session, report_id, full_view=True)
    moderation.hide_update(session, report_id, abusive["id"], hiding(clock, "abuse"))
    assert views.find_report(session, report_id, full_view=False)["answer"]["text"] == "明日上门"
