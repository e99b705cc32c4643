"""Steps have deadlines in working days from their start (the district's calendar); a step past
its deadline is warned about once, to those who act on it; one left by its deadline (an
evaluation period) moves on instead. The sweeper passes over lapsed steps only."""

from deliberation import matters, model, steps, sweep, views
from deliberation.matters import NewMatter
from deliberation.state import load

COMMUNITY = "620502001001"


def test_a_step_is_due_in_working_days_on_the_district_calendar(desk):
    # Monday 6 May 2024, 17:30 Beijing: deliberate takes 10 working days, Saturday 11 May one
    # of them (a workday made up for the May Day holiday), so Friday 17 May
    matter = desk.run(matters.start, NewMatter(COMMUNITY, "停车难", "车位不够", "staff"))

    assert matter.step_due_at.isoformat() == "2024-05-17T09:30:00+00:00"


def test_a_lapsed_step_is_warned_about_once_to_those_who_act_on_it(desk):
    matter = desk.run(matters.start, NewMatter(COMMUNITY, "停车难", "车位不够", "staff"))
    assert desk.run(sweep.sweep) == 0

    desk.days(15)
    assert desk.run(sweep.sweep) == 1
    assert desk.run(sweep.sweep) == 0

    [warned] = desk.events("deliberation.step.warned.v1")
    assert (warned.data["step"], warned.data["step_name"]) == ("deliberate", "商议")
    assert "p-1001" in warned.data["parties"]
    assert "p-1011" in warned.data["parties"]
    assert load(desk.session, matter.id).step == "deliberate"


def test_a_step_left_by_its_deadline_moves_on_when_it_passes(desk):
    matter = desk.run(matters.start, NewMatter(COMMUNITY, "停车难", "车位不够", "staff"))
    desk.session.execute(
        model.matters.update().values(
            step="evaluate", status="evaluating", step_due_at=desk.clock.now()
        )
    )
    desk.session.commit()

    assert desk.run(sweep.sweep) == 1

    ended = load(desk.session, matter.id)
    assert (ended.status, ended.step) == ("closed", "evaluate")
    assert desk.events("deliberation.step.warned.v1") == []
    assert desk.events("deliberation.matter.stepped.v1")[-1].data["why"] == "deadline"


def test_a_matter_past_its_last_step_or_failed_is_never_swept(desk):
    matter = desk.run(matters.start, NewMatter(COMMUNITY, "停车难", "车位不够", "staff"))
    desk.run(lambda move: steps.end(load(desk.session, matter.id), "failed", "withdrawn", move))
    desk.days(30)

    assert desk.run(sweep.sweep) == 0


def test_a_members_work_is_the_matters_at_steps_they_act_on_the_overdue_first(desk):
    older = desk.run(matters.start, NewMatter(COMMUNITY, "停车难", "车位不够", "staff"))
    desk.days(15)
    newer = desk.run(matters.start, NewMatter(COMMUNITY, "路灯", "不亮", "staff"))

    work = views.work(desk.session, "p-1009", desk.policy, desk.clock.now())  # owners' committee

    assert [(m["id"], m["overdue"]) for m in work] == [(older.id, True), (newer.id, False)]
    assert views.work(desk.session, "p-9999", desk.policy, desk.clock.now()) == []
    by_step, overdue = views.counts(desk.session, desk.clock.now(), desk.policy)
    assert by_step == [(COMMUNITY, "deliberate", "deliberating", 2)]
    # due Friday 17 May 2024, now Tuesday 21 May: Monday and Tuesday past it
    assert overdue == [(COMMUNITY, 1, 2)]
