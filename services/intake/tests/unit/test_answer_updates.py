"""Routing's answers to the resident become public updates of the report, each with its time
and the status it came with; the latest is Open311's status_notes, co-reports told after it;
a report is closed to Open311 only once resolved. Steps may arrive out of order: an older
answer is kept, in its place in time, and never taken for the latest."""

from datetime import UTC, datetime

import pytest

from gongzhi import inbox
from gongzhi.testing.units import outbox_for
from intake import model, open311_fields, views
from intake.handlers import record_routing
from intake.schemas import ReportOut, UpdateOut

from ..conftest import transitioned

REPLIED = {"text": "已联系排水公司, 明日上午疏通", "photos": []}
CLEARED = {
    "text": "管道已疏通, 路面已清理",
    "photos": ["https://img.example.cn/after-1.jpg", "https://img.example.cn/after-2.jpg"],
}


@pytest.fixture
def step(session, clock, district):
    """Routing's step of the case reaches intake: (report, status, time, answer if any)."""

    def step(report_id: str, status: str, at: str, answer: dict | None = None) -> None:
        more = {"answer": answer} if answer else {}
        event = transitioned(report_id, status, at=at, **more)
        outbox = outbox_for(session, model.metadata, clock, service="intake")
        record_routing(event, session=session, outbox=outbox, district=district)

    return step


def open311(session, district, report_id: str) -> dict:
    return open311_fields.request(views.find_report(session, report_id, full_view=True), district)


def polled(session, district) -> list[dict]:
    start, end = datetime(2024, 5, 1, tzinfo=UTC), datetime(2024, 5, 31, tzinfo=UTC)
    found = views.updates_between(session, views.ReportQuery(start, end), full_view=True)
    return [open311_fields.request_update(update, district) for update in found]


def test_a_resolution_answers_the_resident_and_closes_the_request(session, submit, step, district):
    report_id = submit()
    step(report_id, "assigned", "09:31")
    step(report_id, "resolved", "15:00", CLEARED)
    shown = open311(session, district, report_id)
    assert (shown["status"], shown["status_notes"]) == ("closed", CLEARED["text"])
    [answer] = UpdateOut(many=True).dump(views.updates_of(session, report_id, full_view=True))
    assert answer == {
        "id": answer["id"],
        "kind": "answer",
        "author": "staff",
        "text": CLEARED["text"],
        "media_url": CLEARED["photos"][0],
        "photos": CLEARED["photos"],
        "status": "resolved",
        "created_at": "2024-05-06T15:00:00+00:00",
        "hidden": None,  # not hidden by staff (moderation)
    }
    assert ReportOut().dump(views.find_report(session, report_id, full_view=True))["answer"] == {
        "text": CLEARED["text"],
        "photos": CLEARED["photos"],
        "status": "resolved",
        "at": "2024-05-06T15:00:00+00:00",
    }


def test_a_reply_answers_the_resident_and_the_request_stays_open(session, submit, step, district):
    report_id = submit()
    step(report_id, "replied", "11:00", REPLIED)
    shown = open311(session, district, report_id)
    assert (shown["status"], shown["status_notes"]) == ("open", REPLIED["text"])


def test_each_answer_is_polled_with_its_time_and_the_status_it_came_with(
    session, submit, step, district
):
    report_id = submit()
    step(report_id, "accepted", "10:00")
    step(report_id, "replied", "11:00", REPLIED)
    step(report_id, "resolved", "15:00", CLEARED)
    assert [
        (u["status"], u["external_status_code"], u["updated_datetime"], u["description"])
        for u in polled(session, district)
    ] == [
        ("OPEN", "replied", "2024-05-06T19:00:00+08:00", REPLIED["text"]),
        ("CLOSED", "resolved", "2024-05-06T23:00:00+08:00", CLEARED["text"]),
    ]


def test_an_older_answer_arriving_late_is_kept_but_is_not_the_latest(
    session, submit, step, district
):
    report_id = submit()
    step(report_id, "resolved", "15:00", CLEARED)
    step(report_id, "replied", "11:00", REPLIED)  # delayed on the way
    shown = open311(session, district, report_id)
    assert (shown["status"], shown["status_notes"]) == ("closed", CLEARED["text"])
    texts = [update["text"] for update in views.updates_of(session, report_id, full_view=True)]
    assert texts == [REPLIED["text"], CLEARED["text"]]  # in the order they were given


def test_a_later_step_without_an_answer_keeps_the_latest_answer(session, submit, step, district):
    report_id = submit()
    step(report_id, "closed", "16:00")  # the close overtook the resolution
    step(report_id, "resolved", "15:00", CLEARED)
    shown = open311(session, district, report_id)
    assert (shown["status"], shown["status_notes"]) == ("closed", CLEARED["text"])
    assert views.find_report(session, report_id, full_view=True)["status"] == "closed"


def test_co_reports_are_told_after_the_answer(session, submit, step, district):
    report_id = submit()
    assert submit(reporter_contact="13900139000") == report_id  # 附议: the same case
    assert open311(session, district, report_id)["status_notes"] == "另有 1 位居民附议"
    step(report_id, "replied", "11:00", REPLIED)
    assert open311(session, district, report_id)["status_notes"] == (
        f"{REPLIED['text']}\n另有 1 位居民附议"
    )


def test_a_step_without_an_answer_adds_no_update(session, submit, step):
    report_id = submit()
    step(report_id, "accepted", "10:00")
    assert views.updates_of(session, report_id, full_view=True) == []
    assert views.find_report(session, report_id, full_view=True)["answer"] is None


def test_an_answer_about_a_report_intake_does_not_hold_is_let_go(session, step):
    step("no-such-report", "resolved", "15:00", CLEARED)
    assert views.updates_of(session, "no-such-report", full_view=True) == []


def test_a_redelivered_answer_is_filed_once(session, clock, submit, district):
    """As the service's entrypoint applies it (gongzhi.database.apply_once): the inbox first."""
    report_id = submit()
    event = transitioned(report_id, "resolved", at="15:00", answer=CLEARED)
    outbox = outbox_for(session, model.metadata, clock, service="intake")
    for _ in range(2):
        if inbox.record(session, model.inbox, "intake.transitioned", event, clock.now()):
            record_routing(event, session=session, outbox=outbox, district=district)
    assert len(views.updates_of(session, report_id, full_view=True)) == 1
