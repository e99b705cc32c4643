"""Review files the plan with the street (备案), on the real database (SQLite, or PostgreSQL
under DATABASE_URL): an approval at Xiguan's review (it produces a filing) writes the filing
and sends `deliberation.review.filed` to the street's supervisors, masked, in the review's unit
of work; a plan sent back files nothing; the street reads its own filings, and no other key."""

import pytest

from deliberation import filings, meetings, records
from deliberation.model import filings as filings_table
from deliberation.records import Review
from deliberation.refusals import Forbidden, NotFound
from gongzhi.apikeys import Holder

from .test_deliberate_and_review import CHECKED, TASK, deliberated, meeting, opened

STREET = "620502001"  # 西关街道, the parent grid of 西关第一社区


def test_an_approved_plan_is_filed_with_the_street_and_its_supervisors_told(desk):
    matter, _ = deliberated(desk)

    desk.run(records.record_review, matter.id, Review(CHECKED, True), actor="p-1001")

    [filed] = desk.events("deliberation.review.filed.v1")
    assert filed.subject == matter.id
    assert filed.data == {
        "matter_id": matter.id,
        "community": "620502001001",
        "street": STREET,
        "supervisors": ["ps-620502001"],
        "title": "下水道反复堵塞",
        "answers": CHECKED,
        "plan_summary": "分三步实施",
        "tasks": 1,
        "filed_at": desk.clock.now().isoformat(),
    }
    assert filings.by_street(desk.session) == [(STREET, 1)]  # the metrics' count
    [shown] = filings.of_street(desk.session, STREET)
    assert {key: shown[key] for key in ("matter_id", "answers", "tasks")} == {
        "matter_id": matter.id,
        "answers": CHECKED,
        "tasks": 1,
    }


def test_the_filing_masks_a_phone_number_in_the_plan(desk):
    matter = opened(desk)
    meeting_id = meeting(desk, matter.id)
    desk.run(meetings.attendance, meeting_id, ["p-1001"])
    desk.run(records.record_minutes, matter.id, meeting_id, "议定", {"party_core": "同意"})
    desk.run(records.record_plan, matter.id, "联系王师傅 13800138000 施工", [TASK])

    desk.run(records.record_review, matter.id, Review(CHECKED, True), actor="p-1001")

    [filed] = desk.events("deliberation.review.filed.v1")
    assert "13800138000" not in filed.data["plan_summary"]
    assert "13800138000" not in str(filings.of_street(desk.session, STREET))


def test_a_plan_sent_back_is_not_filed(desk):
    matter, _ = deliberated(desk)
    sent_back = Review({**CHECKED, "funded": False}, False, "资金来源不明")

    desk.run(records.record_review, matter.id, sent_back, actor="p-1001")

    assert desk.events("deliberation.review.filed.v1") == []
    assert desk.rows(filings_table) == []


def test_a_review_that_produces_no_filing_files_nothing(desk):
    # 四议两公开 (620502001003): its 党员大会审议 produces the review alone
    matter = opened(desk, "620502001003")
    meeting_id = meeting(desk, matter.id)
    desk.run(meetings.attendance, meeting_id, ["p-3001"])
    desk.run(records.record_minutes, matter.id, meeting_id, "议定", {"party_core": "同意"})
    desk.run(records.record_plan, matter.id, "分三步实施", [TASK])

    voting = desk.run(records.record_review, matter.id, Review(CHECKED, True), actor="p-3001")

    assert voting.status == "voting"
    assert desk.events("deliberation.review.filed.v1") == []
    assert desk.rows(filings_table) == []


@pytest.mark.parametrize("name", [STREET, "ps-620502001"])
def test_the_street_reads_its_filings_with_its_own_supervisors_key(desk, name):
    filings.of_its_street(Holder("k-1", name, "supervisor"), STREET, desk.policy)


def test_another_supervisor_or_an_unknown_street_is_refused(desk):
    with pytest.raises(Forbidden, match="not one of street 620502001's supervisors"):
        filings.of_its_street(Holder("k-1", "gs-620502001001", "supervisor"), STREET, desk.policy)
    with pytest.raises(NotFound, match="no street 620502001001"):
        filings.of_its_street(
            Holder("k-1", "620502001001", "supervisor"), "620502001001", desk.policy
        )
