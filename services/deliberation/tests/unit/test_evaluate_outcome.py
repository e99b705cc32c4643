"""Evaluate (民主评事): once its tasks are done the matter is rated by the assembly's members and
by the residents who reported its cases, once each; staff close the evaluation, which publishes
the counts per verdict (`deliberation.matter.evaluated`) and may set a review date: on that
working day the sweeper brings the matter back to deliberate and the council is told. Every
refusal changes nothing."""

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from deliberation import chain, evaluation, sweep
from deliberation.evaluation import Rating
from deliberation.model import ratings
from deliberation.refusals import Forbidden, Invalid, Refused
from deliberation.state import load

from .test_deliberate_and_review import TASK
from .test_execute_tasks import carried, stepped, task_ids
from .test_promotion import hear
from .test_public_board import detail, page

MEMBER, RESIDENT = "p-1101", "r-7f3a9c"


def evaluating(desk) -> str:
    """A carried matter whose one task's case is resolved; c1 reported by RESIDENT."""
    hear(desk, "intake.report.submitted.v1", {"report_id": "c1", "reporter_ref": RESIDENT})
    matter_id = carried(desk, [TASK])
    stepped(desk, task_ids(desk)["department"], "resolve", "resolved", minutes=1)
    assert load(desk.session, matter_id).status == "evaluating"
    return matter_id


def rate(desk, matter_id: str, rater: str, kind: str, verdict: str = "satisfied"):
    return desk.run(evaluation.rate, matter_id, Rating(rater, kind, verdict), actor=rater)


def test_the_assembly_and_the_reporters_rate_once_and_the_close_counts_them(desk):
    matter_id = evaluating(desk)
    rate(desk, matter_id, MEMBER, "assembly")
    rate(desk, matter_id, "p-1102", "assembly", "basically")
    rate(desk, matter_id, RESIDENT, "resident", "unsatisfied")

    closed = desk.run(evaluation.close, matter_id, None)

    assert (closed.status, closed.step) == ("closed", "evaluate")
    [evaluated] = desk.events("deliberation.matter.evaluated.v1")
    assert evaluated.data["counts"] == {"satisfied": 1, "basically": 1, "unsatisfied": 1}
    assert evaluated.data["review_on"] is None
    assert "p-1001" in evaluated.data["parties"]  # the council hears of it
    kinds = [entry.kind for entry in chain.entries(desk.session, matter_id)]
    assert kinds[-5:] == ["rated", "rated", "rated", "evaluated", "stepped"]


def test_the_boards_list_shows_each_decisions_tasks_done_and_once_evaluated_its_counts(desk):
    matter_id = evaluating(desk)
    rate(desk, matter_id, MEMBER, "assembly")
    rate(desk, matter_id, RESIDENT, "resident", "unsatisfied")
    [listed] = page(desk)["matters"]
    assert (listed["id"], listed["execution"]) == (matter_id, {"done": 1, "all": 1})
    assert listed["evaluation"] is None  # no partial count while the rating goes on
    desk.run(evaluation.close, matter_id, None)
    [listed] = page(desk)["matters"]
    assert listed["evaluation"]["counts"] == {"satisfied": 1, "basically": 0, "unsatisfied": 1}
    assert listed["evaluation"] == detail(desk, matter_id)["evaluation"]


def test_a_rating_is_refused_to_whom_it_is_not_for_and_when_it_is_not_due(desk):
    matter_id = evaluating(desk)
    rate(desk, matter_id, MEMBER, "assembly")

    with pytest.raises(Refused, match="already"):
        rate(desk, matter_id, MEMBER, "assembly", "unsatisfied")
    with pytest.raises(Forbidden, match="not on the assembly"):
        rate(desk, matter_id, "p-9999", "assembly")
    with pytest.raises(Forbidden, match="reported none"):
        rate(desk, matter_id, "r-someone-else", "resident")
    with pytest.raises(Invalid, match="no verdict"):
        rate(desk, matter_id, "p-1102", "assembly", "delighted")
    assert [row["verdict"] for row in desk.rows(ratings)] == ["satisfied"]

    desk.run(evaluation.close, matter_id, None)
    with pytest.raises(Refused, match="not being evaluated"):
        rate(desk, matter_id, "p-1102", "assembly")


def test_a_review_date_brings_the_matter_back_to_deliberate_on_that_working_day(desk):
    matter_id = evaluating(desk)
    review_on = working_day_after(desk, 20)
    desk.run(evaluation.close, matter_id, review_on)
    assert desk.run(sweep.reviews) == 0

    desk.clock.advance((review_on - desk.clock.now().date()).days * 86400)
    assert desk.run(sweep.reviews) == 1

    matter = load(desk.session, matter_id)
    assert (matter.step, matter.status) == ("deliberate", "deliberating")
    back = desk.events("deliberation.matter.stepped.v1")[-1]
    assert back.data["why"] == "review_date"
    assert "p-1001" in back.data["parties"]
    assert desk.run(sweep.reviews) == 0  # once


def test_a_review_date_is_a_working_day_to_come(desk):
    matter_id = evaluating(desk)
    today = desk.clock.now().date()
    day_off = next(
        day
        for n in range(1, 15)
        if not desk.policy.calendar.is_working_day(day := today + timedelta(n))
    )
    for wrong in (today, day_off):
        with pytest.raises(Invalid, match="working day to come"):
            desk.run(evaluation.close, matter_id, wrong)
    assert load(desk.session, matter_id).status == "evaluating"


def test_an_evaluation_left_by_its_deadline_is_closed_with_its_counts(desk):
    matter_id = evaluating(desk)
    rate(desk, matter_id, RESIDENT, "resident", "basically")

    desk.days(30)
    desk.run(sweep.sweep)

    assert load(desk.session, matter_id).status == "closed"
    [evaluated] = desk.events("deliberation.matter.evaluated.v1")
    assert evaluated.data["counts"] == {"satisfied": 0, "basically": 1, "unsatisfied": 0}


def working_day_after(desk, days: int) -> date:
    day = desk.clock.now().date() + timedelta(days)
    while not desk.policy.calendar.is_working_day(day):
        day += timedelta(1)
    return day


def test_the_public_board_shows_the_tasks_states_and_the_evaluations_counts(desk):
    matter_id = evaluating(desk)
    rate(desk, matter_id, MEMBER, "assembly")
    rate(desk, matter_id, RESIDENT, "resident", "basically")
    review_on = working_day_after(desk, 20)
    desk.run(evaluation.close, matter_id, review_on)

    shown = detail(desk, matter_id)

    [task] = shown["plan"]["tasks"]
    assert (task["state"], task["state_name"]) == ("resolved", "已办结")
    assert shown["evaluation"]["counts"] == {"satisfied": 1, "basically": 1, "unsatisfied": 0}
    assert shown["evaluation"]["review_on"] == review_on.isoformat()
    assert RESIDENT not in json.dumps(shown)  # a rater is never named


def test_a_review_date_brings_a_matter_to_its_processes_first_deliberate_step_by_default(desk):
    matter_id = evaluating(desk)
    xiguan = desk.policy.deliberation.processes["xiguan"]
    steps = tuple(
        replace(step, back_to=None) if step.kind == "evaluate" else step for step in xiguan.steps
    )
    processes = {**desk.policy.deliberation.processes, "xiguan": replace(xiguan, steps=steps)}
    desk.policy = replace(
        desk.policy, deliberation=replace(desk.policy.deliberation, processes=processes)
    )

    step = evaluation.review_step(load(desk.session, matter_id), desk.move("staff-1"))

    assert step.id == "deliberate"
    assert xiguan.step("evaluate").back_to == "deliberate"  # the sample says so itself


def test_a_ratings_comment_goes_into_the_log_with_contacts_masked(desk):
    matter_id = evaluating(desk)
    rating = Rating(MEMBER, "assembly", "unsatisfied", "还在堵，请回电 13800138000")

    desk.run(evaluation.rate, matter_id, rating, actor=MEMBER)

    rated = chain.entries(desk.session, matter_id)[-1]
    assert (rated.kind, rated.actor) == ("rated", MEMBER)
    assert rated.data["comment"] == "还在堵，请回电 [phone]"
