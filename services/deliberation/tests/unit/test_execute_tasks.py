"""Execute (联动办事): the carried plan's department task goes to routing as
`deliberation.task.assigned` (the shape routing's open_task reads) and the council's own task
waits for staff; routing's steps of the task's case come back as the task's state, in the
matter's chain; once every task is done the matter moves on to evaluate, its deadline counted
from then. A case that is no task is passed over; refusals change nothing."""

from datetime import timedelta

import pytest

from deliberation import (
    casting,
    chain,
    closing,
    meetings,
    promotion,
    records,
    steps,
    tasks,
    voting,
)
from deliberation.model import matters, plan_tasks
from deliberation.records import Review, Task
from deliberation.refusals import NotFound, Refused
from deliberation.state import load

from .test_deliberate_and_review import CHECKED, TASK, meeting
from .test_promotion import GRIDS, by_supervisor, hear, known

OWN_TASK = Task("张贴施工公告", "council", "residents_committee", "blocked-sewer", "community")


def carried(desk, plan: list[Task]) -> str:
    """Cases c1..c3 promoted, deliberated with `plan`, approved and voted for by all: the
    matter's id, at execute."""
    known(desk, *zip(("c1", "c2", "c3"), GRIDS, strict=True))
    matter = desk.run(promotion.promote, by_supervisor("c1", "c2", "c3"), actor="gs-620502001")
    meeting_id = meeting(desk, matter.id)
    desk.run(meetings.attendance, meeting_id, ["p-1001", "p-1009"])
    desk.run(records.record_minutes, matter.id, meeting_id, "议定改造", {"party_core": "同意"})
    desk.run(records.record_plan, matter.id, "分两步实施", plan)
    desk.run(records.record_review, matter.id, Review(CHECKED, True))
    vote = voting.load(desk.session, matter.id)
    for voter in vote.roster:
        ballot = casting.Cast(voter.person, voter.person, "agree", None)
        desk.run(lambda move, b=ballot: casting.cast(desk.session, matter.id, b, move.now))
    desk.run(
        lambda move: closing.close(
            desk.session, move.outbox, matter.id, "staff-1", move.now, desk.policy
        )
    )
    return matter.id


def task_ids(desk) -> dict[str, str]:
    return {row["owner_kind"]: row["id"] for row in desk.rows(plan_tasks)}


def stepped(desk, task_id: str, action: str, status: str, minutes: int = 0) -> None:
    at = desk.clock.now() + timedelta(minutes=minutes)
    data = {"issue_id": task_id, "action": action, "status": status, "at": at.isoformat()}
    hear(desk, "routing.issue.transitioned.v1", data)


def states(desk) -> dict[str, str]:
    return {row["owner_kind"]: row["state"] for row in desk.rows(plan_tasks)}


def test_a_carried_plan_sends_the_department_task_to_routing_and_keeps_the_councils(desk):
    matter_id = carried(desk, [TASK, OWN_TASK])

    [sent] = desk.events("deliberation.task.assigned.v1")
    department = task_ids(desk)["department"]
    assert sent.subject == department
    assert sent.data == {
        "task_id": department,
        "matter_id": matter_id,
        "community": "620502001001",
        "title": "疏通主管道",
        "category": "blocked-sewer",
        "tier": "street",
        "owner": {"kind": "department", "id": "city-management"},
        "due_at": None,
        "assigned_at": desk.clock.now().isoformat(),
    }
    assert states(desk) == {"department": "assigned", "council": "open"}
    assert tasks.is_sent(desk.session, department)
    assert not tasks.is_sent(desk.session, task_ids(desk)["council"])
    kinds = [entry.kind for entry in chain.entries(desk.session, matter_id)]
    assert sorted(kinds[-2:]) == ["task_assigned", "task_open"]


def test_the_tasks_case_steps_are_kept_and_when_all_are_done_the_matter_is_evaluated(desk):
    matter_id = carried(desk, [TASK, OWN_TASK])
    department, own = task_ids(desk)["department"], task_ids(desk)["council"]

    stepped(desk, department, "start", "in_progress", minutes=1)
    assert states(desk)["department"] == "in_progress"
    stepped(desk, department, "resolve", "resolved", minutes=2)
    stepped(desk, department, "accept", "accepted", minutes=-5)  # late, older: passed over
    assert states(desk)["department"] == "resolved"
    assert load(desk.session, matter_id).step == "execute"  # the council's own is open

    desk.days(1)
    desk.run(tasks.mark_done, matter_id, own)

    matter = load(desk.session, matter_id)
    assert (matter.step, matter.status) == ("evaluate", "evaluating")
    assert matter.step_started_at == desk.clock.now()
    evaluate = steps.current(matter, desk.policy)  # xiguan's: 10 working days
    assert matter.step_due_at == desk.policy.due(evaluate, desk.clock.now())
    kinds = [entry.kind for entry in chain.entries(desk.session, matter_id)]
    assert kinds[-4:] == ["task_in_progress", "task_resolved", "task_done", "stepped"]


def test_a_reopened_task_case_is_reopened_and_holds_the_matter_at_execute(desk):
    matter_id = carried(desk, [TASK])
    department = task_ids(desk)["department"]
    stepped(desk, department, "reopen", "in_progress", minutes=1)
    assert states(desk)["department"] == "reopened"
    assert load(desk.session, matter_id).step == "execute"

    stepped(desk, department, "close", "closed", minutes=2)

    assert load(desk.session, matter_id).step == "evaluate"


def test_a_case_that_is_no_task_is_passed_over(desk):
    carried(desk, [TASK])
    before = len(chain.entries(desk.session, load_matter_id(desk)))

    assert not tasks.is_sent(desk.session, "c1")
    stepped(desk, "c1", "resolve", "resolved")

    assert len(chain.entries(desk.session, load_matter_id(desk))) == before


def test_marking_done_refuses_what_is_not_the_councils_to_do(desk):
    matter_id = carried(desk, [TASK, OWN_TASK])
    department, own = task_ids(desk)["department"], task_ids(desk)["council"]

    with pytest.raises(Refused, match="not the council's to do"):
        desk.run(tasks.mark_done, matter_id, department)
    with pytest.raises(NotFound):
        desk.run(tasks.mark_done, matter_id, "f" * 36)
    desk.run(tasks.mark_done, matter_id, own)
    with pytest.raises(Refused, match="is done"):
        desk.run(tasks.mark_done, matter_id, own)
    assert states(desk) == {"department": "assigned", "council": "done"}


def load_matter_id(desk) -> str:
    [row] = desk.rows(matters)
    return row["id"]
