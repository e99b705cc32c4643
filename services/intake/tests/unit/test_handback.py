"""Hand-back's decisions, on a real SQLite session: which of routing's steps go back to which
platform's work order, and what an order merged into a case under way hears at once."""

import dataclasses

import pytest
import shapely
from sqlalchemy import func, select

from gongzhi.retry import Rejected
from gongzhi.testing.system import TEST_CONTACT_KEY
from gongzhi.testing.units import an_event, outbox_events, outbox_for
from intake import model
from intake.config import intake_of
from intake.contacts import ReporterKeys
from intake.handlers import accept_requested, record_routing

from ..conftest import KEY, transitioned

PLATFORM = "/platform/12345"
ANSWER = {"text": "已联系排水公司疏通", "photos": []}


@pytest.fixture
def dispatch(session, clock, district):
    """A work order published by a platform: the events it left in the outbox."""

    def dispatch(order_id: str, source: str = PLATFORM, **data) -> list:
        event = an_event(
            "intake.report.requested.v1",
            {
                "category": "blocked-sewer",
                "location": {"lat": 34.5805, "long": 105.7012},
                "description": "市民来电: 下水道堵塞",
                "channel": "hotline",
                "attributes": {"overflowing": "yes", "gas_smell": "no"},
                "work_order_id": order_id,
                **data,
            },
            source=source,
        )
        before = len(outbox_events(session, model.metadata))
        accept_requested(
            event,
            session=session,
            outbox=outbox_for(session, model.metadata, clock, service="intake"),
            clock=clock,
            district=district,
            boundary=shapely.unary_union([g.polygon for g in district.leaf_grids()]),
            reporter_keys=ReporterKeys(KEY, TEST_CONTACT_KEY.encode()),
        )
        return outbox_events(session, model.metadata)[before:]

    return dispatch


@pytest.fixture
def step(session, clock, district):
    """Routing's step of a case reaches intake: the events it left in the outbox."""

    def step(case_id: str, status: str, at: str, *, district=district, **more) -> list:
        before = len(outbox_events(session, model.metadata))
        outbox = outbox_for(session, model.metadata, clock, service="intake")
        record_routing(
            transitioned(case_id, status, at=at, **more),
            session=session,
            outbox=outbox,
            district=district,
        )
        return outbox_events(session, model.metadata)[before:]

    return step


def case_of(events: list) -> str:
    return next(e.data["report_id"] for e in events if e.type == "intake.report.submitted.v1")


def test_a_work_order_keeps_its_id_and_each_public_step_goes_back_to_its_platform(dispatch, step):
    case_id = case_of(dispatch("GD-1"))
    assert step(case_id, "assigned", "09:31") == []
    [accepted] = step(case_id, "accepted", "09:40")
    assert step(case_id, "in_progress", "09:50") == []
    [answered] = step(case_id, "replied", "10:00", answer=ANSWER)
    [resolved] = step(case_id, "resolved", "11:00", answer=ANSWER)
    assert step(case_id, "closed", "12:00") == []

    assert [e.type for e in (accepted, answered, resolved)] == [
        "intake.work_order.accepted.v1",
        "intake.work_order.answered.v1",
        "intake.work_order.resolved.v1",
    ]
    assert {(e.recipient, e.subject, e.data["work_order_id"]) for e in (accepted, resolved)} == {
        ("hotline12345", "GD-1", "GD-1")
    }
    assert accepted.data["expected_at"] == "2024-05-13T09:30:00+00:00"
    assert (answered.data["answer"], answered.data["at"]) == (ANSWER, "2024-05-06T10:00:00+00:00")


def test_a_return_without_an_answer_says_nothing_to_the_platform_and_with_one_answers_it(
    dispatch, step
):
    case_id = case_of(dispatch("GD-2"))
    assert step(case_id, "assigned", "10:00", action="return") == []
    [answered] = step(case_id, "assigned", "11:00", action="return", answer=ANSWER)
    assert answered.type == "intake.work_order.answered.v1"
    assert answered.data["status"] == "assigned"


def test_the_same_order_sent_again_is_taken_once(session, dispatch):
    assert case_of(dispatch("GD-3"))
    assert dispatch("GD-3") == []
    count = session.scalar(select(func.count()).select_from(model.reports))
    assert count == 1


def test_an_order_merged_into_a_case_under_way_hears_at_once_what_it_missed(dispatch, step):
    case_id = case_of(dispatch("GD-4"))
    step(case_id, "accepted", "09:40")
    step(case_id, "replied", "10:00", answer=ANSWER)

    caught_up = dispatch("GD-5")

    assert [e.type for e in caught_up] == [
        "intake.report.corroborated.v1",
        "intake.work_order.accepted.v1",
        "intake.work_order.answered.v1",
    ]
    assert {e.data["work_order_id"] for e in caught_up[1:]} == {"GD-5"}
    assert caught_up[2].data["answer"] == ANSWER
    [first, second] = step(case_id, "resolved", "11:00", answer=ANSWER)
    assert {first.subject, second.subject} == {"GD-4", "GD-5"}


def test_an_order_from_a_source_no_platform_publishes_as_is_rejected_and_keeps_nothing(
    session, dispatch
):
    with pytest.raises(Rejected, match=r"no platform in the district's intake\.platforms"):
        dispatch("GD-6", source="/platform/110")
    assert session.scalar(select(func.count()).select_from(model.work_orders)) == 0


def test_a_report_from_any_source_without_a_work_order_is_taken_and_never_handed_back(
    dispatch, step
):
    case_id = case_of(dispatch(None, source="/video/command-centre"))
    assert step(case_id, "accepted", "09:40") == []


def test_a_platform_dropped_from_the_config_is_no_longer_told(dispatch, step, district):
    case_id = case_of(dispatch("GD-7"))
    intake = dataclasses.replace(intake_of(district), platforms={})
    sections = {**district.sections, "intake": intake}
    without = dataclasses.replace(district, sections=sections)
    assert step(case_id, "accepted", "09:40", district=without) == []
