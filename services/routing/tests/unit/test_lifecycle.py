"""A case's life in routing: who may move it, where to, and what pauses and extensions leave."""

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from routing.lifecycle import (
    ACTORS,
    LADDER,
    OPEN,
    RULES,
    STATUSES,
    Action,
    Case,
    Owner,
    Refused,
    Request,
    allowed,
    apply,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 5, 6, 9, 30, tzinfo=SHANGHAI)
GRID_WORKER = Owner("grid_worker", "gw-620502001001001")
COMMUNITY = Owner("community", "620502001001")
STREET = Owner("street", "620502001")
DISTRICT = Owner("district", "620502")
HOUSING = Owner("department", "housing")
NEEDS_A_REASON = (
    "transfer",
    "escalate",
    "return",
    "reopen",
    "request_pause",
    "request_extension",
    "reject",
    "reclassify",
)


def reported() -> Case:
    return Case("assigned", "grid", GRID_WORKER)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def by_owner(case: Case, name: str, hours: float = 0, **details) -> Case:
    return apply(case, Action(name, at(hours), "owner", **details))


def by_supervisor(case: Case, name: str, hours: float = 0, **details) -> Case:
    return apply(case, Action(name, at(hours), "supervisor", **details))


def by_system(case: Case, name: str, hours: float = 0, **details) -> Case:
    return apply(case, Action(name, at(hours), "system", **details))


def worked(case: Case, *names: str) -> Case:
    for name in names:
        case = by_owner(case, name)
    return case


def paused_ask() -> Case:
    return by_owner(worked(reported(), "accept"), "request_pause", reason="resident away")


def paused(hours: float = 1) -> Case:
    asked = by_owner(worked(reported(), "accept", "start"), "request_pause", reason="鉴定中")
    return by_supervisor(asked, "approve", hours)


def asked_for_extension(seconds: float, clock: str = "reply") -> Case:
    case = worked(reported(), "accept")
    return by_owner(
        case, "request_extension", reason="awaiting the housing office", clock=clock,
        extension_s=seconds,
    )  # fmt: skip


# The owner's work


def test_reply_after_accept():
    assert worked(reported(), "accept", "reply").status == "replied"


def test_grid_worker_accepts_before_replying():
    with pytest.raises(Refused, match="cannot reply to a case that is assigned"):
        by_owner(reported(), "reply")


def test_a_case_can_be_resolved_in_progress_without_a_reply():
    assert worked(reported(), "accept", "start", "resolve").status == "resolved"


def test_cannot_reply_to_a_closed_case():
    closed = by_supervisor(worked(reported(), "accept", "reply", "resolve"), "close")
    with pytest.raises(Refused, match="cannot reply to a case that is closed"):
        by_owner(closed, "reply")


def test_a_case_is_closed_only_after_it_is_resolved():
    replied = worked(reported(), "accept", "reply")
    with pytest.raises(Refused, match="cannot close a case that is replied"):
        by_supervisor(replied, "close")
    assert by_supervisor(by_owner(replied, "resolve"), "close").status == "closed"


def test_a_supervisor_does_not_do_the_owners_work():
    with pytest.raises(Refused, match="only the owner can accept a case"):
        by_supervisor(reported(), "accept")


def test_the_sweeper_may_only_escalate_and_close():
    assert allowed(worked(reported(), "accept", "start"), "system") == {"escalate"}
    assert allowed(worked(reported(), "accept", "start", "resolve"), "system") == {"close"}
    with pytest.raises(Refused, match="only the owner can resolve a case"):
        by_system(worked(reported(), "accept", "start"), "resolve")


def test_a_resident_is_not_an_actor_of_routing():
    assert allowed(reported(), "resident") == frozenset()
    with pytest.raises(Refused, match="unknown actor 'resident'"):
        apply(reported(), Action("accept", T0, "resident"))


def test_an_unknown_action_is_refused():
    with pytest.raises(Refused, match="unknown action 'forward'"):
        apply(reported(), Action("forward", T0, "owner"))


def test_an_action_without_a_time_zone_is_refused():
    with pytest.raises(Refused, match="time zone"):
        apply(reported(), Action("accept", datetime(2026, 5, 6, 9, 30), "owner"))


# Tiers: small matters stay in the grid, the rest climbs one tier at a time


def test_red_light_escalates_case_from_grid_to_community():
    in_progress = worked(reported(), "accept", "start")
    escalated = by_system(
        in_progress, "escalate", reason="red light", to_tier="community", to_owner=COMMUNITY
    )
    assert (escalated.status, escalated.tier, escalated.owner) == (
        "assigned",
        "community",
        COMMUNITY,
    )


def test_escalation_climbs_one_tier_at_a_time():
    with pytest.raises(Refused, match="escalate from grid goes to community only"):
        by_owner(
            reported(), "escalate", reason="complex dispute", to_tier="street", to_owner=STREET
        )


def test_no_escalation_beyond_the_district():
    at_district = Case("assigned", "district", DISTRICT)
    assert "escalate" not in allowed(at_district, "supervisor")
    with pytest.raises(Refused, match="already at the top tier, district"):
        by_supervisor(at_district, "escalate", reason="too hard", to_owner=DISTRICT)


def test_a_shorter_ladder_tops_out_at_the_street():
    ladder = ("grid", "community", "street")
    at_street = Case("accepted", "street", STREET)
    assert "escalate" not in allowed(at_street, "owner", ladder=ladder)
    with pytest.raises(Refused, match="top tier, street"):
        apply(
            at_street,
            Action("escalate", T0, "owner", "big", to_owner=DISTRICT, to_tier="district"),
            ladder=ladder,
        )


def test_street_returns_a_small_matter_to_the_community():
    at_street = Case("accepted", "street", STREET)
    returned = by_owner(
        at_street, "return", reason="a community matter", to_tier="community", to_owner=COMMUNITY
    )
    assert (returned.status, returned.tier, returned.owner) == ("assigned", "community", COMMUNITY)


def test_no_return_below_the_grid():
    with pytest.raises(Refused, match="already at the lowest tier, grid"):
        by_supervisor(reported(), "return", reason="smaller", to_owner=GRID_WORKER)


def test_transfer_to_a_department_keeps_the_tier():
    moved = by_supervisor(reported(), "transfer", reason="illegal structure", to_owner=HOUSING)
    assert (moved.status, moved.tier, moved.owner) == ("assigned", "grid", HOUSING)


def test_transfer_may_name_another_tier():
    moved = by_supervisor(
        reported(), "transfer", reason="joint", to_owner=HOUSING, to_tier="street"
    )
    assert moved.tier == "street"


def test_transfer_to_the_same_owner_is_refused():
    with pytest.raises(Refused, match="already with that owner"):
        by_supervisor(reported(), "transfer", reason="again", to_owner=GRID_WORKER)


@pytest.mark.parametrize("name", NEEDS_A_REASON)
def test_these_actions_need_a_reason(name):
    case = {
        "reopen": worked(reported(), "accept", "start", "resolve"),
        "reject": paused_ask(),
        "return": Case("accepted", "community", COMMUNITY),
    }
    actor = "owner" if name in ("request_pause", "request_extension") else "supervisor"
    with pytest.raises(Refused, match="needs a reason"):
        apply(
            case.get(name, reported()),
            Action(
                name,
                T0,
                actor,
                "  ",
                HOUSING,
                "community",
                clock="reply",
                extension_s=60.0,
                category_class="complex",
            ),
        )


# Pauses and extensions


def test_owner_cannot_approve_own_pause():
    with pytest.raises(Refused, match="only a supervisor can approve the pause request"):
        by_owner(paused_ask(), "approve")


def test_an_approved_pause_starts_when_the_supervisor_approves():
    case = paused(hours=2)
    assert (case.paused_since, case.pending) == (at(2), None)


def test_resuming_files_the_pause_with_its_start_and_end():
    resumed = by_owner(paused(hours=2), "resume", hours=26)
    assert (resumed.paused_since, resumed.pauses) == (None, ((at(2), at(26)),))


def test_a_pause_cannot_end_before_it_began():
    with pytest.raises(Refused, match="cannot end before it began"):
        by_owner(paused(hours=2), "resume", hours=1)


def test_a_pause_in_force_does_not_block_the_reply():
    assert by_owner(paused(), "reply", hours=3).paused_since == at(1)


def test_resolving_ends_the_pause_in_force():
    resolved = by_owner(paused(hours=1), "resolve", hours=5)
    assert (resolved.paused_since, resolved.pauses) == (None, ((at(1), at(5)),))


def test_resolving_withdraws_a_waiting_request():
    asked = by_owner(worked(reported(), "accept", "start"), "request_pause", reason="rain")
    assert by_owner(asked, "resolve").pending is None


def test_one_request_waits_for_a_supervisor_at_a_time():
    with pytest.raises(Refused, match="a pause request is already waiting"):
        by_owner(paused_ask(), "request_extension", reason="more", clock="reply", extension_s=60)


def test_no_second_pause_while_one_is_in_force():
    with pytest.raises(Refused, match="a pause is already in force"):
        by_owner(paused(), "request_pause", hours=2, reason="again")


def test_nothing_to_approve_without_a_request():
    with pytest.raises(Refused, match="no request waiting"):
        by_supervisor(worked(reported(), "accept"), "approve")


def test_approved_extensions_add_up_on_their_clock():
    once = by_supervisor(asked_for_extension(86400), "approve")
    again = by_owner(once, "request_extension", reason="r", clock="reply", extension_s=3600)
    twice = by_supervisor(again, "approve")
    assert (twice.extended_s("reply"), twice.extended_s("resolution")) == (90000, 0)


def test_a_rejected_extension_adds_nothing():
    rejected = by_supervisor(asked_for_extension(86400), "reject", reason="not justified")
    assert (rejected.pending, rejected.extensions) == (None, ())


@pytest.mark.parametrize("seconds", [0, -60, float("inf"), float("nan")])
def test_an_extension_must_ask_for_some_time(seconds):
    with pytest.raises(Refused, match="some time"):
        asked_for_extension(seconds)


def test_an_extension_must_name_its_clock():
    with pytest.raises(Refused, match="name its clock"):
        asked_for_extension(3600, clock="")


def test_a_pause_in_force_and_extensions_survive_escalation_and_transfer():
    extended = by_supervisor(
        by_owner(paused(hours=1), "request_extension", reason="r", clock="reply", extension_s=60),
        "approve",
    )
    escalated = by_system(
        extended, "escalate", reason="red", to_tier="community", to_owner=COMMUNITY
    )
    transferred = by_supervisor(escalated, "transfer", reason="joint", to_owner=HOUSING)
    assert (transferred.paused_since, transferred.extensions) == (at(1), (("reply", 60.0),))


def test_ended_pauses_survive_a_return():
    resumed = by_owner(paused(hours=1), "resume", hours=3)
    escalated = by_owner(resumed, "escalate", reason="big", to_tier="community", to_owner=COMMUNITY)
    returned = by_supervisor(
        escalated, "return", reason="small after all", to_tier="grid", to_owner=GRID_WORKER
    )
    assert returned.pauses == ((at(1), at(3)),)


def test_reopening_a_closed_case_puts_it_back_in_progress_and_counts():
    closed = by_supervisor(worked(reported(), "accept", "start", "resolve"), "close")
    reopened = by_supervisor(closed, "reopen", reason="the sewer is blocked again")
    assert (reopened.status, reopened.reopened, reopened.owner) == ("in_progress", 1, GRID_WORKER)


# Every reachable case, every actor: the table holds


OTHER_OWNERS = (GRID_WORKER, COMMUNITY, STREET, DISTRICT, HOUSING)
NAMES = sorted(RULES)


def well_formed(case: Case, name: str, actor: str, when: datetime, data: st.DataObject) -> Action:
    """An action whose details are right for the case, so only the table can refuse it."""
    to_owner = data.draw(st.sampled_from([o for o in OTHER_OWNERS if o != case.owner]))
    if name in ("escalate", "return"):
        return _moving(case, name, actor, when, to_owner)
    return Action(
        name,
        when,
        actor,
        reason="the resident asked",
        to_owner=to_owner,
        to_tier=data.draw(st.sampled_from((None, *LADDER))),
        clock=data.draw(st.sampled_from(("response", "reply", "resolution"))),
        extension_s=data.draw(st.floats(1, 30 * 86400)),
        category_class="complex" if case.category_class == "ordinary" else "ordinary",
    )


def _moving(case: Case, name: str, actor: str, when: datetime, to_owner: Owner) -> Action:
    step = 1 if name == "escalate" else -1
    index = LADDER.index(case.tier) + step
    to_tier = LADDER[index] if 0 <= index < len(LADDER) else None
    return Action(name, when, actor, "red light", to_owner=to_owner, to_tier=to_tier)


def paused_s(case: Case) -> float:
    return sum((end - start).total_seconds() for start, end in case.pauses)


class CaseLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.case = reported()
        self.now = T0

    @rule(name=st.sampled_from(NAMES), actor=st.sampled_from(ACTORS), data=st.data())
    def anyone_tries_anything(self, name, actor, data):
        self.attempt(name, actor, data)

    @rule(actor=st.sampled_from(ACTORS), data=st.data())
    def someone_does_what_they_may(self, actor, data):
        names = sorted(allowed(self.case, actor))
        if names:
            self.attempt(data.draw(st.sampled_from(names)), actor, data)

    @rule(name=st.sampled_from(NEEDS_A_REASON), actor=st.sampled_from(ACTORS), data=st.data())
    def an_action_without_a_reason_is_refused(self, name, actor, data):
        action = well_formed(self.case, name, actor, self.now, data)
        with pytest.raises(Refused):
            apply(self.case, replace(action, reason=""))

    def attempt(self, name: str, actor: str, data: st.DataObject) -> None:
        self.now += timedelta(seconds=data.draw(st.integers(0, 3 * 86400)))
        before = self.case
        try:
            after = apply(before, well_formed(before, name, actor, self.now, data))
        except Refused:
            assert name not in allowed(before, actor)
            return
        assert name in allowed(before, actor)
        assert after != before
        self.check_nothing_lost(before, after, name)
        self.case = after

    def check_nothing_lost(self, before: Case, after: Case, name: str) -> None:
        assert after.status != "closed" or before.status == "resolved"
        assert after.pauses[: len(before.pauses)] == before.pauses
        assert paused_s(after) >= paused_s(before)
        assert all(after.extended_s(clock) >= s for clock, s in before.extensions)
        assert after.reopened >= before.reopened
        if name in ("transfer", "escalate", "return", "reclassify"):
            kept = (after.pauses, after.paused_since, after.extensions, after.pending)
            assert kept == (before.pauses, before.paused_since, before.extensions, before.pending)

    @invariant()
    def the_case_is_well_formed(self):
        case = self.case
        assert case.status in STATUSES
        assert case.tier in LADDER
        assert case.pending is None or isinstance(case.pending, Request)
        assert all(start <= end for start, end in case.pauses)

    @invariant()
    def only_open_cases_pause_or_wait_for_a_supervisor(self):
        if self.case.paused_since is not None or self.case.pending is not None:
            assert self.case.status in OPEN

    @invariant()
    def a_pause_is_asked_for_only_when_none_is_in_force(self):
        if self.case.pending is not None and self.case.pending.kind == "pause":
            assert self.case.paused_since is None


TestCaseLife = CaseLife.TestCase
TestCaseLife.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)


# A change of policy


def test_a_supervisor_reclassifies_a_case_and_its_paused_time_stays():
    case = by_supervisor(paused(), "resume", hours=3)
    complex_ = by_supervisor(
        case, "reclassify", hours=4, reason="涉及多方产权", category_class="complex"
    )
    assert complex_.category_class == "complex"
    assert complex_.pauses == case.pauses


def test_reclassifying_to_the_same_class_is_refused():
    with pytest.raises(Refused, match="of that class already"):
        by_supervisor(reported(), "reclassify", reason="复核", category_class="ordinary")


def test_only_a_supervisor_reclassifies():
    with pytest.raises(Refused, match="only a supervisor can reclassify"):
        by_owner(reported(), "reclassify", reason="复杂", category_class="complex")
