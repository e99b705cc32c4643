"""The answer for the resident (办结情况告知): an owner's reply, resolution or return carries
words and photos apart from the internal reason; a resolution must. What the wire refuses says
which field and why, before anything is applied; what is taken is in the case's history and
in routing's events."""

import marshmallow as ma
import pytest

from routing import views
from routing.schemas import MAX_ANSWER, ActionIn

from .conftest import SEWER_CLEARED

GRID = "620502001001001"


def refusal(**body) -> dict:
    """The fields' messages with which ActionIn refuses `body`."""
    with pytest.raises(ma.ValidationError) as refused:
        ActionIn().load({"actor": "owner", **body})
    return refused.value.messages


def inside(district) -> tuple[float, float]:
    point = district.grid(GRID).polygon.representative_point()
    return point.x, point.y


def test_a_resolution_without_an_answer_is_refused_naming_the_answer():
    expected = {"answer": ["resolve needs an answer for the resident"]}
    assert refusal(action="resolve", reason="done") == expected
    assert refusal(action="resolve", answer=None) == expected


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_answer_is_refused(text):
    assert refusal(action="resolve", answer={"text": text}) == {
        "answer": {"text": ["an answer needs words for the resident"]}
    }


def test_an_answer_over_2000_characters_is_refused_with_its_length():
    assert refusal(action="reply", answer={"text": "疏" * (MAX_ANSWER + 1)}) == {
        "answer": {"text": ["at most 2,000 characters, not 2,001"]}
    }
    taken = ActionIn().load({"action": "reply", "actor": "owner", "answer": {"text": "疏" * 2000}})
    assert len(taken["answer"]["text"]) == MAX_ANSWER


@pytest.mark.parametrize(
    "text", ["已处理<script>alert(1)</script>", "见<a href='https://x.cn'>通知</a>", "<b>好</b>"]
)
def test_an_answer_holding_html_is_refused(text):
    assert refusal(action="resolve", answer={"text": text}) == {
        "answer": {"text": ["plain text only: no HTML tags"]}
    }


def test_an_answer_without_markup_may_hold_angle_brackets():
    taken = ActionIn().load(
        {"action": "resolve", "actor": "owner", "answer": {"text": "水压 <3 bar, 已恢复 >_>"}}
    )
    assert taken["answer"] == {"text": "水压 <3 bar, 已恢复 >_>", "photos": []}


@pytest.mark.parametrize("photo", ["ftp://img.example.cn/a.jpg", "javascript:alert(1)", "a.jpg"])
def test_a_photo_is_an_http_or_https_url(photo):
    messages = refusal(action="resolve", answer={"text": "已疏通", "photos": [photo]})
    assert list(messages["answer"]["photos"]) == [0]


def test_only_a_reply_a_resolution_and_a_return_carry_an_answer():
    assert refusal(action="accept", answer={"text": "收到"}) == {
        "answer": ["only reply, resolve, return carry an answer, not accept"]
    }


def test_the_resolution_tells_the_resident_in_the_history_and_the_event(desk, district):
    desk.report("r1", "blocked-sewer", inside(district))
    desk.events()
    desk.settle("r1")
    history = views.case_detail(desk.session, district, "r1")["history"]
    steps = {step["action"]: step for step in history}
    assert steps["resolve"]["answer"] == SEWER_CLEARED
    assert steps["reply"]["answer"] is None
    events = {event.data["action"]: event.data for event in desk.events("transitioned")}
    assert events["resolve"]["answer"] == SEWER_CLEARED
    assert events["resolve"]["reason"] == ""  # the internal reason is apart, here none given
    assert "answer" not in events["accept"]


def test_a_return_carries_its_answer_in_both_events(desk, district):
    desk.report("r1", "heating-pipe", inside(district))  # community tier: it can go back down
    desk.act("r1", "accept")
    desk.events()
    told = {"text": "已交网格员上门处理", "photos": []}
    desk.act("r1", "return", reason="网格可办", answer=told)
    assert [event.data["answer"] for event in desk.events()] == [told, told]
