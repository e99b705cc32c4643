"""Every reachable case, every actor: the lifecycle's table holds, and nothing is lost."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from routing.lifecycle import (
    ACTORS,
    ANSWERED,
    LADDER,
    OPEN,
    RULES,
    STATUSES,
    WAITING,
    Action,
    Case,
    Owner,
    Refused,
    Request,
    allowed,
    apply,
)

from .conftest import (
    CLEARED,
    COMMUNITY,
    DISTRICT,
    GRID_WORKER,
    HOUSING,
    NEEDS_A_REASON,
    STREET,
    T0,
    reported,
)

OTHER_OWNERS = (GRID_WORKER, COMMUNITY, STREET, DISTRICT, HOUSING)
NAMES = sorted(RULES)


def well_formed(case: Case, name: str, actor: str, when: datetime, data: st.DataObject) -> Action:
    """An action whose details are right for the case, so only the table can refuse it."""
    to_owner = data.draw(st.sampled_from([o for o in OTHER_OWNERS if o != case.owner]))
    if name in ("escalate", "return"):
        return _moving(case, name, actor, when, to_owner)
    answer = CLEARED if name in ANSWERED else None
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
        answer=answer,
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

    @rule(actor=st.sampled_from(ACTORS), data=st.data())
    def a_resolution_without_an_answer_is_refused(self, actor, data):
        action = well_formed(self.case, "resolve", actor, self.now, data)
        with pytest.raises(Refused):
            apply(self.case, replace(action, answer=None))

    def attempt(self, name: str, actor: str, data: st.DataObject) -> None:
        self.now += timedelta(seconds=data.draw(st.integers(0, 3 * 86400)))
        before = self.case
        try:
            after = apply(before, well_formed(before, name, actor, self.now, data))
        except Refused:
            assert name not in allowed(before, actor)
            return
        assert name in allowed(before, actor)
        # A council's decision on a case already answered only files the answer.
        assert after != before or (name == "decide" and before.status not in WAITING)
        self.check_nothing_lost(before, after, name)
        self.case = after

    def check_nothing_lost(self, before: Case, after: Case, name: str) -> None:
        assert after.status != "closed" or before.status in ("resolved", "closed")
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
