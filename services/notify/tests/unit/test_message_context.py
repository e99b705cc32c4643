"""What a template sees: the event in people's words, in the district's time, flat."""

import pytest

from gongzhi.district import load_district
from gongzhi.testing.districts import SAMPLE
from gongzhi.testing.units import an_event
from notify.samples import sample_event, sample_recipient
from notify.templates import context


@pytest.fixture(scope="module")
def district():
    return load_district(SAMPLE)


def seen(event_type: str, district, **recipient) -> dict:
    told = {**sample_recipient(event_type), **recipient}
    return context(sample_event(event_type), district, told)


def test_an_assignment_reads_in_chinese_in_the_districts_time(district):
    values = seen("routing.issue.assigned.v1", district)

    assert values["event_time"] == "2026年12月2日 09:15"
    assert values["category"] == "下水道堵塞"
    assert values["category_code"] == "blocked-sewer"
    assert values["grid"] == "西关第一社区第1网格"
    assert (values["tier"], values["status"], values["action"]) == ("网格", "已派发", "派发")
    assert values["owner"] == "gw-620502001001001"
    assert values["from_owner"] == ""
    assert values["deadlines"] == [{"clock": "答复", "at": "2026年12月9日 09:15"}]
    assert values["case_number"] == "5b8f2c3e-7a41-4d2b-9c6e-1f0a3d4b5c6e"
    assert values["district"] == "西关街道"


def test_a_co_handler_sees_its_own_task_and_anyone_else_none(district):
    assert seen("routing.issue.assigned.v1", district)["task"] == "协调物业清掏化粪池"
    owner = seen("routing.issue.assigned.v1", district, id="gw-620502001001001", name="李明")
    assert owner["task"] == ""
    assert (owner["recipient_id"], owner["recipient_name"]) == ("gw-620502001001001", "李明")


def test_an_owner_that_is_a_community_is_named_from_the_grid_tree(district):
    event = sample_event("routing.issue.light_changed.v1")
    event.data["owner"] = {"kind": "community", "id": "620502001001"}
    values = context(event, district, sample_recipient(event.type))
    assert values["owner"] == "西关第一社区"
    assert (values["light"], values["from_light"], values["clock"]) == ("黄灯", "绿灯", "答复")


def test_a_warning_says_when_the_light_turns(district):
    values = seen("routing.issue.warned.v1", district)
    assert (values["turns_at"], values["light"]) == ("2026年12月8日 09:15", "黄灯")


def test_a_step_without_an_answer_has_an_empty_one(district):
    event = sample_event("routing.issue.transitioned.v1")
    del event.data["answer"]
    values = context(event, district, sample_recipient(event.type))
    assert (values["answer"], values["photos"]) == ("", [])


def test_only_what_the_event_carries_is_there(district):
    values = seen("intake.report.updated.v1", district)
    assert values["update_kind"] == "照片"
    assert values["recipient_name"] == ""
    assert {"category", "light", "answer", "turns_at", "task"}.isdisjoint(values)


def test_codes_the_district_or_notify_does_not_know_are_shown_as_they_are(district):
    event = an_event(
        "routing.issue.light_changed.v1",
        {"issue_id": "c1", "category": "new-kind", "clock": "survey", "to_light": "blue"},
    )
    values = context(event, district, {"id": "x", "kind": "staff", "name": None})
    assert (values["category"], values["clock"], values["light"]) == ("new-kind", "survey", "blue")
    assert values["case_number"] == "c1"
