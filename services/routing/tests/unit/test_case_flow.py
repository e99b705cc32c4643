"""A case from its report to its close: clocks that start, stop, pause and move; lights that
turn; a red light that escalates the case one tier; warnings to supervisors."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from routing import handlers, model
from routing.lifecycle import Refused

GRID = "620502001001001"  # 西关第一社区第1网格
COMMUNITY = "620502001001"


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def inside_grid(district) -> tuple[float, float]:
    point = district.grid(GRID).polygon.representative_point()
    return point.x, point.y


@pytest.fixture
def inside(district):
    return inside_grid(district)


def test_a_report_starts_its_three_clocks_at_the_time_it_was_reported(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    clocks = desk.clocks("r1")
    assert clocks["response"]["deadline"] == local("2026-09-30T14:00:00+08:00")  # 4 natural hours
    assert clocks["reply"]["deadline"] == local("2026-10-13T10:00:00+08:00")  # 5 working days
    assert clocks["reply"]["red_at"] == local("2026-10-27T10:00:00+08:00")  # 15 working days
    assert {c["light"] for c in clocks.values()} == {"green"}
    [assigned] = desk.events("assigned")
    reply = next(c for c in assigned.data["clocks"] if c["clock"] == "reply")
    assert reply["deadline"] == "2026-10-13T02:00:00+00:00"
    assert assigned.data["owner"] == {"kind": "grid_worker", "id": f"gw-{GRID}"}


def test_accepting_stops_the_response_clock_and_replying_the_reply_clock(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    desk.at(local("2026-09-30T11:00:00+08:00"))
    desk.act("r1", "accept")
    desk.act("r1", "start")
    done = desk.act("r1", "reply")
    clocks = desk.clocks("r1")
    assert clocks["response"]["stopped_at"] == local("2026-09-30T11:00:00+08:00")
    assert clocks["reply"]["stopped_at"] is not None
    assert clocks["resolution"]["stopped_at"] is None
    assert done.elapsed_s == 3600.0
    actions = [e.data["action"] for e in desk.events("transitioned")]
    assert actions == ["assign", "accept", "start", "reply"]


def test_a_refused_action_changes_nothing_and_says_why(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    desk.events()
    with pytest.raises(Refused, match="resolve"):
        desk.act("r1", "resolve")
    assert desk.events() == []


def test_a_pause_counts_only_once_a_supervisor_approves_it(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    desk.act("r1", "accept")
    desk.act("r1", "request_pause", reason="等待燃气公司到场")
    assert desk.clocks("r1")["reply"]["deadline"] == local("2026-10-13T10:00:00+08:00")
    desk.at(local("2026-10-08T10:00:00+08:00"))
    desk.act("r1", "approve", actor="supervisor")
    assert desk.clocks("r1")["reply"]["deadline"] is None  # frozen while the pause lasts
    desk.at(local("2026-10-09T10:00:00+08:00"))
    desk.act("r1", "resume")
    # One working day paused (Thursday 8 to Friday 9 October): the deadline moves one out.
    assert desk.clocks("r1")["reply"]["deadline"] == local("2026-10-14T10:00:00+08:00")


def test_an_approved_extension_moves_its_clock_alone(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    desk.act("r1", "accept")
    desk.act("r1", "request_extension", clock="reply", extension="2d", reason="需要鉴定")
    desk.act("r1", "approve", actor="supervisor")
    clocks = desk.clocks("r1")
    assert clocks["reply"]["deadline"] == local("2026-10-15T10:00:00+08:00")
    assert clocks["resolution"]["deadline"] == local("2026-10-27T10:00:00+08:00")  # unmoved


def test_a_case_turns_yellow_then_red_then_escalates_one_tier(desk, inside, district):
    desk.report("r1", "blocked-sewer", inside)
    desk.act("r1", "accept")
    desk.events()
    desk.at(local("2026-10-13T10:00:00+08:00"))  # the reply deadline passes unreplied
    swept = desk.sweep()
    assert swept.lights == [("reply", "yellow")]
    [yellow] = desk.events("light_changed")
    assert (yellow.data["from_light"], yellow.data["to_light"]) == ("green", "yellow")
    assert desk.sweep().lights == []  # a second pass changes nothing

    red_at = desk.clocks("r1")["reply"]["red_at"]
    assert red_at == local("2026-10-27T10:00:00+08:00")  # 15 working days
    desk.at(red_at)
    swept = desk.sweep()
    assert ("reply", "red") in swept.lights
    assert [(d.from_tier, d.to_tier) for d in swept.escalations] == [("grid", "community")]
    events = desk.events()
    [moved] = [e for e in events if e.type == "routing.issue.assigned.v1"]
    assert moved.data["action"] == "escalate"
    assert moved.data["from_owner"] == {"kind": "grid_worker", "id": f"gw-{GRID}"}
    assert moved.data["owner"] == {"kind": "community", "id": COMMUNITY}
    assert "reply clock red" in moved.data["reason"]
    case = desk.session.execute(select(model.issues)).mappings().one()
    assert (case["tier"], case["status"], case["light"]) == ("community", "assigned", "green")
    assert desk.clocks("r1")["reply"]["started_at"] == red_at  # restarted for the community


def test_two_sweeps_at_once_announce_each_light_once(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    desk.at(local("2026-09-30T14:00:00+08:00"))
    desk.events()
    desk.sweep()
    desk.sweep()
    changes = [(e.data["clock"], e.data["to_light"]) for e in desk.events("light_changed")]
    assert changes == [("response", "yellow")]


def test_supervisors_are_warned_before_a_light_turns(desk, inside, district):
    desk.report("r1", "blocked-sewer", inside)
    desk.act("r1", "accept")
    desk.events()
    desk.at(local("2026-10-13T06:00:00+08:00"))  # four hours before the reply deadline
    assert desk.sweep().warnings == 1
    [warned] = desk.events("warned")
    assert (warned.data["clock"], warned.data["light"]) == ("reply", "yellow")
    assert warned.data["supervisors"] == [f"gs-{COMMUNITY}"]
    assert desk.sweep().warnings == 0


def test_a_transfer_keeps_the_clocks_running(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    before = desk.clocks("r1")["reply"]["deadline"]
    desk.at(local("2026-10-08T09:00:00+08:00"))
    to = {"kind": "department", "id": "environment"}
    desk.act("r1", "transfer", actor="supervisor", to_owner=to, reason="属环保部门职责")
    assert desk.clocks("r1")["reply"]["deadline"] == before
    [moved] = desk.events("assigned")[-1:]
    assert moved.data["owner"] == to


def test_reopening_restarts_the_resolution_clock(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    desk.settle("r1")
    desk.at(desk.clock.now() + timedelta(days=1))
    desk.act("r1", "reopen", actor="supervisor", reason="居民反映仍在外溢")
    resolution = desk.clocks("r1")["resolution"]
    assert (resolution["stopped_at"], resolution["started_at"]) == (None, desk.clock.now())


def test_a_case_at_the_top_of_the_ladder_stays_red(desk, district):
    desk.report("r1", "blocked-sewer", None)  # no point: the street places it
    desk.act("r1", "escalate", reason="需区级协调")
    desk.events()
    desk.at(desk.clocks("r1")["response"]["red_at"])
    swept = desk.sweep()
    assert ("response", "red") in swept.lights
    assert swept.escalations == []


def test_reclassifying_keeps_the_paused_time_under_the_new_clocks(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    desk.act("r1", "accept")
    desk.act("r1", "request_pause", reason="等待产权人")
    desk.at(local("2026-10-08T10:00:00+08:00"))
    desk.act("r1", "approve", actor="supervisor")
    desk.at(local("2026-10-09T10:00:00+08:00"))
    desk.act("r1", "resume")
    desk.act(
        "r1", "reclassify", actor="supervisor", reason="涉及多方产权", category_class="complex"
    )
    # Complex: 15 working days to reply, plus the one working day paused.
    assert desk.clocks("r1")["reply"]["deadline"] == local("2026-10-28T10:00:00+08:00")
    [step] = desk.events("transitioned")[-1:]
    assert step.data["action"] == "reclassify"


def test_a_co_handler_reports_its_task_done_and_the_lead_keeps_the_case(desk, district):
    desk.report("r1", "illegal-structure", inside_grid(district))
    housing = "housing"
    done = handlers.finish_task(
        "r1",
        housing,
        session=desk.session,
        outbox=desk._outbox(),
        clock=desk.clock,
        policy=desk.policy,
    )
    assert done.status == "assigned"
    [step] = desk.events("transitioned")[-1:]
    assert step.data["action"] == "finish_task"
    assert step.data["co_handlers"][0]["done_at"] is not None
    assert step.data["owner"] == {"kind": "community", "id": COMMUNITY}
    with pytest.raises(Refused, match="no open task"):
        handlers.finish_task(
            "r1",
            housing,
            session=desk.session,
            outbox=desk._outbox(),
            clock=desk.clock,
            policy=desk.policy,
        )


def test_a_sweeper_that_wakes_late_announces_the_light_and_warns_of_nothing_past(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    desk.act("r1", "accept")
    desk.events()
    desk.at(local("2026-10-14T10:00:00+08:00"))  # a day past the reply deadline, not yet swept
    desk.sweep()
    kinds = [(e.type.split(".")[2], e.data.get("to_light")) for e in desk.events()]
    assert kinds == [("light_changed", "yellow")]


def test_a_transfer_to_an_owner_the_district_does_not_have_is_refused(desk, inside):
    desk.report("r1", "blocked-sewer", inside)
    typo = {"kind": "department", "id": "enviroment"}
    with pytest.raises(Refused, match="no department 'enviroment'"):
        desk.act("r1", "transfer", actor="supervisor", to_owner=typo, reason="属环保部门职责")
    worker = {"kind": "grid_worker", "id": "gw-620502001001002"}
    desk.act("r1", "transfer", actor="supervisor", to_owner=worker, reason="邻格网格员就近处理")
