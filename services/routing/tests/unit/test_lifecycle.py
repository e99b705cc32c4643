"""A case's life in routing: who may move it, and where to (pauses and extensions:
test_lifecycle_pauses.py)."""

from datetime import datetime

import pytest

from routing.lifecycle import (
    Action,
    Answer,
    Case,
    Refused,
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
    by_owner,
    by_supervisor,
    by_system,
    paused,
    paused_ask,
    reported,
    worked,
)

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
    assert by_supervisor(worked(replied, "resolve"), "close").status == "closed"


def test_a_supervisor_does_not_do_the_owners_work():
    with pytest.raises(Refused, match="only the owner can accept a case"):
        by_supervisor(reported(), "accept")


def test_the_system_may_only_escalate_close_reopen_and_give_a_councils_decision():
    assert allowed(worked(reported(), "accept", "start"), "system") == {"escalate", "decide"}
    assert allowed(worked(reported(), "accept", "start", "resolve"), "system") == {
        "close",
        "reopen",  # on an unsatisfied rating (routing/ratings.py)
        "decide",
    }
    with pytest.raises(Refused, match="only the owner can resolve a case"):
        by_system(worked(reported(), "accept", "start"), "resolve")


def test_a_case_is_resolved_only_with_an_answer_for_the_resident():
    in_progress = worked(reported(), "accept", "start")
    with pytest.raises(Refused, match="resolve needs an answer for the resident"):
        by_owner(in_progress, "resolve")
    with pytest.raises(Refused, match="resolve needs an answer for the resident"):
        by_owner(in_progress, "resolve", answer=Answer("  \n"))
    assert by_owner(in_progress, "resolve", answer=CLEARED).status == "resolved"


def test_a_reply_and_a_return_may_answer_the_resident_or_not():
    in_progress = worked(reported(), "accept", "start")
    assert by_owner(in_progress, "reply").status == "replied"
    assert by_owner(in_progress, "reply", answer=CLEARED).status == "replied"
    escalated = by_supervisor(
        in_progress, "escalate", reason="涉及多户", to_tier="community", to_owner=COMMUNITY
    )
    returned = by_supervisor(
        escalated, "return", reason="网格可办", to_tier="grid", to_owner=GRID_WORKER, answer=CLEARED
    )
    assert returned.tier == "grid"


def test_no_other_step_carries_an_answer():
    with pytest.raises(Refused, match="accept takes no answer"):
        by_owner(reported(), "accept", answer=CLEARED)


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
