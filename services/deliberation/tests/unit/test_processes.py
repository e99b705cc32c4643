"""Processes as data: the sample's three, their vote rules, deadlines in working days on the
district's calendar, the standing monthly meeting; and every bad process refused by
check-config with file, line and field."""

import subprocess
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from deliberation.config import deliberation_of
from deliberation.processes import VoteRules, step_deadline
from deliberation.standing import StandingMeeting, meeting_day, next_meeting
from gongzhi import workdays
from gongzhi.district import load_district
from gongzhi.testing.districts import (
    SAMPLE,
    copy_sample,
    edit_config,
    problems_after_edit,
    problems_in,
    where,
)
from gongzhi.testing.processes import GONGZHI

BEIJING = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def sample():
    return load_district(SAMPLE)


@pytest.fixture(scope="module")
def calendar(sample):
    return workdays.of_district(sample.calendar)


def test_the_sample_ships_xiguans_fuguos_and_huanweis_processes(sample):
    processes = deliberation_of(sample).processes

    xiguan, fuguo, huanwei = processes["xiguan"], processes["fuguo"], processes["huanwei"]
    assert [step.kind for step in xiguan.steps] == [
        "propose", "deliberate", "review", "resolve", "execute", "evaluate"
    ]  # fmt: skip
    assert [step.name for step in fuguo.steps] == [
        "居民提事", "网格议事", "民主定事", "联动办事", "民主评事"
    ]  # fmt: skip
    four_deliberations = [step.name for step in huanwei.steps[:4]]
    assert four_deliberations == [
        "党支部提议",
        "两委会商议",
        "党员大会审议",
        "村(居)民代表会议决议",
    ]
    two_publications = [output for step in huanwei.steps for output in step.produces]
    assert {"public_decision", "public_result"} <= set(two_publications)


def test_review_and_resolve_steps_move_on_once_approved_and_carried(sample):
    xiguan = deliberation_of(sample).processes["xiguan"]

    assert xiguan.step("review").advance == "approved"
    assert xiguan.step("resolve").advance == "carried"
    assert xiguan.step("resolve").back_to == "deliberate"
    assert xiguan.after("review") == xiguan.step("resolve")
    assert xiguan.after("evaluate") is None


def test_huanweis_two_thirds_quorum_is_met_by_exactly_twenty_of_thirty(sample):
    rules = deliberation_of(sample).processes["huanwei"].vote

    assert rules is not None
    assert 20 / 30 >= rules.quorum > 19 / 30


def test_vote_rules_left_out_are_the_shared_defaults(tmp_path):
    folder = copy_sample(tmp_path)
    old = "vote: {quorum: 0.5, party_quorum: 0.5, majority: simple, veto: [], proxy_limit: 1}"
    edit_config(folder, old, "vote: {}")

    rules = deliberation_of(load_district(folder)).processes["xiguan"].vote

    assert rules == VoteRules()
    assert (rules.quorum, rules.party_quorum, rules.majority) == (0.5, None, "simple")
    assert (rules.veto, rules.secret, rules.change_vote) == ((), False, True)


def test_a_matter_follows_its_communitys_process_else_the_districts(sample):
    deliberation = deliberation_of(sample)

    assert deliberation.process_for("620502001002").id == "fuguo"
    assert deliberation.process_for("620502001004").id == "xiguan"
    assert deliberation.promoted_process("620502001003").id == "huanwei"
    assert deliberation.must_deliberate["property-fees"].process == "fuguo"


BAD = {
    "an unknown kind": (
        "kind: deliberate",
        "kind: debate",
        "processes[0].steps[1].kind",
        "Must be one of: propose, deliberate, review, resolve, execute, evaluate.",
    ),
    "a step id twice": (
        "id: execute",
        "id: review",
        "processes[0].steps[4].id",
        "step 'review' is listed twice",
    ),
    "a later step to go back to": (
        "back_to: deliberate",
        "back_to: evaluate",
        "processes[0].steps[2].back_to",
        "'evaluate' is not a step before this one",
    ),
    "carried on a step that does not resolve": (
        "advance: deadline",
        "advance: carried",
        "processes[0].steps[5].advance",
        "only a resolve step is carried",
    ),
    "a review step that moves on as any other": (
        "back_to: deliberate",
        "advance: produced",
        "processes[0].steps[2].advance",
        "a review step moves on once approved",
    ),
    "a step with nothing to produce": (
        "produces: [topic]",
        "produces: []",
        "processes[0].steps[0].produces",
        "a step that moves on once produced must produce",
    ),
    "an unknown party acting": (
        "by: [council, deputies]",
        "by: [council, landlords]",
        "processes[0].steps[1].by[1]",
        "unknown who may act 'landlords'",
    ),
    "an unknown party with a veto": (
        "veto: [owners_committee]",
        "veto: [owners]",
        "processes[1].vote.veto[0]",
        "unknown party 'owners'",
    ),
    "an unknown majority": (
        "majority: simple, veto: []",
        "majority: most, veto: []",
        "processes[0].vote.majority",
        "Must be one of: simple, two_thirds, concurrent.",
    ),
    "a quorum above everyone": (
        "quorum: 2/3",
        "quorum: 3/2",
        "processes[2].vote.quorum",
        "Must be greater than 0 and less than or equal to 1.",
    ),
    "a process id twice": (
        "- id: huanwei",
        "- id: fuguo",
        "processes[2].id",
        "process 'fuguo' is listed twice",
    ),
    "an unknown process for a listed matter": (
        "name: 专项维修资金使用, process: fuguo",
        "name: 专项维修资金使用, process: fugou",
        "must_deliberate[0].process",
        "no process 'fugou' under processes",
    ),
    "an unknown community process": (
        "process: huanwei",
        "process: huanwe",
        "communities[2].process",
        "no process 'huanwe' under processes",
    ),
    "an unknown tier to promote from": (
        "escalated_to: street",
        "escalated_to: grid",
        "promotion.escalated_to",
        "Must be one of: community, street, district.",
    ),
}


@pytest.mark.parametrize(("old", "new", "field", "message"), BAD.values(), ids=BAD.keys())
def test_a_bad_process_fails_the_check_with_its_field(tmp_path, old, new, field, message):
    line, [problem] = problems_after_edit(tmp_path, old, new)

    assert where(problem) == ("district.yaml", line, f"deliberation.{field}")
    assert problem.message == message


def test_a_resolve_step_without_vote_rules_fails_on_its_process(tmp_path):
    folder = copy_sample(tmp_path)
    edit_config(folder, "      vote: {quorum: 2/3, majority: simple}", "")

    [problem] = problems_in(folder)

    assert problem.field == "deliberation.processes[2].vote"
    assert problem.message == "a process with a resolve step needs vote rules"


def test_check_config_names_the_file_line_and_field_of_a_bad_step(tmp_path):
    folder = copy_sample(tmp_path)
    line = edit_config(folder, "kind: execute", "kind: carry-out")

    result = subprocess.run([GONGZHI, "check-config", str(folder)], capture_output=True, text=True)

    assert result.returncode == 1
    [problem, count] = result.stderr.splitlines()
    assert problem.startswith(
        f"{folder / 'district.yaml'}:{line}: deliberation.processes[0].steps[4].kind: Must be one"
    )
    assert count == f"1 problem(s) in {folder}"


def test_a_steps_deadline_skips_the_national_day_holiday_and_counts_the_make_up_days(
    sample, calendar
):
    propose = deliberation_of(sample).processes["xiguan"].step("propose")  # 5 working days
    friday = datetime(2025, 9, 26, 2, 0, tzinfo=UTC)  # 10:00 in Tianshui

    due = step_deadline(propose, friday, calendar, sample.timezone)

    # Sunday 28 September is worked (调休), then 29 and 30; 1–8 October are off, 9 and 10 are
    # working days: the fifth working day is Friday 10 October, at the hour the step started.
    assert due == datetime(2025, 10, 10, 10, 0, tzinfo=BEIJING)


def test_a_deadline_reaching_saturday_11_october_2025_ends_on_that_make_up_day(sample, calendar):
    review = deliberation_of(sample).processes["xiguan"].step("review")  # 5 working days
    tuesday = datetime(2025, 9, 30, 16, 0, tzinfo=BEIJING)

    assert step_deadline(review, tuesday, calendar, sample.timezone).date() == date(2025, 10, 14)
    assert calendar.is_working_day(date(2025, 10, 11))


def test_the_first_working_monday_of_october_2025_is_after_the_holiday(sample, calendar):
    rule = deliberation_of(sample).meeting_of("620502001001")

    assert meeting_day(rule, 2025, 10, calendar) == date(2025, 10, 13)  # the 6th is off
    holiday = datetime(2025, 10, 6, 12, 0, tzinfo=UTC)
    after_holiday = next_meeting(rule, holiday, calendar, sample.timezone)
    assert after_holiday == datetime(2025, 10, 13, 15, 0, tzinfo=BEIJING)


def test_a_standing_meeting_past_this_months_is_next_months(sample, calendar):
    last_thursday = deliberation_of(sample).meeting_of("620502001002")

    assert meeting_day(last_thursday, 2025, 12, calendar) == date(2025, 12, 25)
    after = datetime(2025, 12, 25, 15, 0, tzinfo=BEIJING)
    assert next_meeting(last_thursday, after, calendar, sample.timezone).date() == date(2026, 1, 29)


def test_a_month_with_fewer_working_mondays_than_asked_meets_on_its_last(calendar):
    fourth = StandingMeeting(weekday="monday", nth=4, at=time(9, 0))

    assert meeting_day(fourth, 2025, 10, calendar) == date(2025, 10, 27)  # 13, 20, 27
