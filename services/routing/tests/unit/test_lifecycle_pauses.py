"""Pauses and extensions: they count once a supervisor approves, and no move loses them."""

import pytest

from routing.lifecycle import Refused

from .conftest import (
    CLEARED,
    COMMUNITY,
    GRID_WORKER,
    HOUSING,
    asked_for_extension,
    by_owner,
    by_supervisor,
    by_system,
    hours_later,
    paused,
    paused_ask,
    reported,
    worked,
)


def test_owner_cannot_approve_own_pause():
    with pytest.raises(Refused, match="only a supervisor can approve the pause request"):
        by_owner(paused_ask(), "approve")


def test_an_approved_pause_starts_when_the_supervisor_approves():
    case = paused(hours=2)
    assert (case.paused_since, case.pending) == (hours_later(2), None)


def test_resuming_files_the_pause_with_its_start_and_end():
    resumed = by_owner(paused(hours=2), "resume", hours=26)
    assert (resumed.paused_since, resumed.pauses) == (None, ((hours_later(2), hours_later(26)),))


def test_a_pause_cannot_end_before_it_began():
    with pytest.raises(Refused, match="cannot end before it began"):
        by_owner(paused(hours=2), "resume", hours=1)


def test_a_pause_in_force_does_not_block_the_reply():
    assert by_owner(paused(), "reply", hours=3).paused_since == hours_later(1)


def test_resolving_ends_the_pause_in_force():
    resolved = by_owner(paused(hours=1), "resolve", hours=5, answer=CLEARED)
    assert (resolved.paused_since, resolved.pauses) == (None, ((hours_later(1), hours_later(5)),))


def test_resolving_withdraws_a_waiting_request():
    asked = by_owner(worked(reported(), "accept", "start"), "request_pause", reason="rain")
    assert worked(asked, "resolve").pending is None


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
    assert (transferred.paused_since, transferred.extensions) == (
        hours_later(1),
        (("reply", 60.0),),
    )


def test_ended_pauses_survive_a_return():
    resumed = by_owner(paused(hours=1), "resume", hours=3)
    escalated = by_owner(resumed, "escalate", reason="big", to_tier="community", to_owner=COMMUNITY)
    returned = by_supervisor(
        escalated, "return", reason="small after all", to_tier="grid", to_owner=GRID_WORKER
    )
    assert returned.pauses == ((hours_later(1), hours_later(3)),)


def test_reopening_a_closed_case_puts_it_back_in_progress_and_counts():
    closed = by_supervisor(worked(reported(), "accept", "start", "resolve"), "close")
    reopened = by_supervisor(closed, "reopen", reason="the sewer is blocked again")
    assert (reopened.status, reopened.reopened, reopened.owner) == ("in_progress", 1, GRID_WORKER)
