"""Deliberate, review, and the vote's outcome: a meeting called invites every party of the
council and the stakeholders (the event carries their person ids), attendance, minutes with each
party's opinion and a plan with divided duties move the matter on to review; the party committee
approves (on to the vote) or sends it back with reasons (deliberate again, new minutes and plan
needed); the closing vote moves it on or back. Each refusal writes nothing."""

from datetime import UTC, datetime, timedelta

import pytest

from deliberation import casting, chain, closing, matters, meetings, records, steps, voting
from deliberation.matters import NewMatter
from deliberation.meetings import Call
from deliberation.model import attendees, minutes, plans
from deliberation.records import Review, Task
from deliberation.refusals import Invalid, NotFound, Refused
from deliberation.state import load

COMMUNITY = "620502001001"
COUNCIL = ["p-1001", "p-1002", "p-1003", "p-1004", "p-1005", "p-1006", "p-1007", "p-1008"]
COUNCIL += ["p-1009", "p-1010", "p-1011"]
CHECKED = {"lawful": True, "sound": True, "fair": True, "funded": True, "procedure": True}
TASK = Task("疏通主管道", "department", "city-management", "blocked-sewer", "street")


def opened(desk, community: str = COMMUNITY):
    return desk.run(matters.start, NewMatter(community, "下水道反复堵塞", "三处", "staff"))


def meeting(desk, matter_id: str, **call) -> int:
    wanted = Call("社区议事厅", "下水道改造方案", datetime(2024, 5, 8, 7, 0, tzinfo=UTC), **call)
    return desk.run(meetings.call, matter_id, wanted)


def deliberated(desk):
    """A matter with its meeting held, minutes and plan recorded: in review."""
    matter = opened(desk)
    meeting_id = meeting(desk, matter.id)
    desk.run(meetings.attendance, meeting_id, ["p-1001", "p-1009"])
    opinions = {"party_core": "同意改造", "owners_committee": "费用需公示"}
    desk.run(records.record_minutes, matter.id, meeting_id, "议定改造主管道", opinions)
    desk.run(records.record_plan, matter.id, "分三步实施", [TASK])
    return load(desk.session, matter.id), meeting_id


def test_calling_a_meeting_invites_the_council_and_the_stakeholders(desk):
    matter = opened(desk)

    meeting_id = meeting(desk, matter.id, stakeholders=(("p-2001", "property_company"),))

    [called] = desk.events("deliberation.meeting.called.v1")
    assert called.data["parties"] == sorted([*COUNCIL, "p-2001"])
    assert (called.data["matter_ids"], called.data["place"]) == ([matter.id], "社区议事厅")
    invited = {(row["person"], row["party"]) for row in desk.rows(attendees)}
    assert ("p-1001", "party_core") in invited
    assert ("p-1001", "residents_committee") in invited
    assert ("p-2001", "property_company") in invited
    assert meeting_id == called.data["meeting_id"]


def test_a_matter_is_scheduled_into_the_standing_monthly_meeting_with_others(desk):
    first, second = opened(desk), opened(desk)
    standing = Call("社区议事厅", "议题一")

    one = desk.run(meetings.call, first.id, standing)
    two = desk.run(meetings.call, second.id, Call("社区议事厅", "议题二"))

    assert one == two
    last = desk.events("deliberation.meeting.called.v1")[-1]
    assert last.data["standing"]
    assert last.data["matter_ids"] == sorted([first.id, second.id])
    # Xiguan's is the first working Monday, 15:00 Beijing time: 3 June 2024 (6 May has passed)
    assert last.data["starts_at"] == "2024-06-03T07:00:00+00:00"
    assert last.data["agenda"] == "议题一\n议题二"
    with pytest.raises(Refused, match="on meeting"):
        desk.run(meetings.call, first.id, standing)


def test_a_stakeholder_invited_to_the_meeting_gives_an_opinion_too(desk):
    matter = opened(desk)
    meeting_id = meeting(desk, matter.id, stakeholders=(("p-2001", "shop_owners"),))  # the N
    desk.run(meetings.attendance, meeting_id, ["p-2001"])

    desk.run(records.record_minutes, matter.id, meeting_id, "s", {"shop_owners": "同意"})

    [noted] = desk.rows(minutes)
    assert noted["opinions"] == {"shop_owners": "同意"}


def test_minutes_and_a_plan_move_the_matter_to_review(desk):
    matter, _meeting_id = deliberated(desk)

    assert (matter.step, matter.status) == ("review", "reviewing")
    [row] = desk.rows(attendees.select().where(attendees.c.person == "p-1009").subquery())
    assert row["attended"] is True
    [noted] = desk.rows(minutes)
    assert noted["opinions"]["owners_committee"] == "费用需公示"
    kinds = [entry.kind for entry in chain.entries(desk.session, matter.id)]
    assert kinds[-5:] == ["meeting_called", "attendance", "minutes", "plan", "stepped"]


def test_minutes_and_attendance_refuse_what_does_not_fit(desk):
    matter = opened(desk)
    meeting_id = meeting(desk, matter.id)
    with pytest.raises(Refused, match="record who came first"):
        desk.run(records.record_minutes, matter.id, meeting_id, "s", {})
    with pytest.raises(Invalid, match="not invited"):
        desk.run(meetings.attendance, meeting_id, ["p-1001", "p-9999"])
    with pytest.raises(NotFound):
        desk.run(meetings.attendance, 999, [])
    desk.run(meetings.attendance, meeting_id, ["p-1001"])
    with pytest.raises(Refused, match="attendance is recorded"):
        desk.run(meetings.attendance, meeting_id, ["p-1001"])
    with pytest.raises(Invalid, match="no such party"):
        desk.run(records.record_minutes, matter.id, meeting_id, "s", {"no_party": "x"})
    bad_task = Task("t", "department", "housing", "no-such-category", "street")
    with pytest.raises(Invalid, match="no category"):
        desk.run(records.record_plan, matter.id, "p", [bad_task])
    nobody = Task("t", "person", "p-1003", "blocked-sewer", "grid")  # routing could not own it
    with pytest.raises(Invalid, match="no owner kind person"):
        desk.run(records.record_plan, matter.id, "p", [nobody])
    unknown = {  # what routing would dead-letter (its assign.unknown_owner), named at plan time
        ("department", "nosuch"): "no department 'nosuch' in this district",
        ("community", "620502009999"): "no community '620502009999' in this district",
        ("street", "999"): "no street '999' in this district",
        ("district", "999"): "no district '999' in this district",
        ("grid_worker", "gw-nobody"): "no grid_worker 'gw-nobody' in this district",
    }
    for (kind, code), message in unknown.items():
        task = Task("t", kind, code, "blocked-sewer", "street")
        with pytest.raises(Invalid, match=message):
            desk.run(records.record_plan, matter.id, "p", [task])
    with pytest.raises(Invalid, match="a time to come"):
        desk.run(meetings.call, matter.id, Call("p", "a", desk.clock.now() - timedelta(hours=1)))
    assert desk.rows(minutes) == []
    assert desk.rows(plans) == []


def test_review_approves_and_the_matter_waits_for_its_vote(desk):
    matter, _ = deliberated(desk)

    voting = desk.run(records.record_review, matter.id, Review(CHECKED, True), actor="p-1001")

    assert (voting.step, voting.status) == ("resolve", "voting")
    with pytest.raises(Refused, match="takes no minutes"):
        desk.run(records.record_minutes, matter.id, 1, "s", {})


def test_review_sends_the_plan_back_and_deliberation_starts_again(desk):
    matter, _meeting_id = deliberated(desk)
    sent_back = Review({**CHECKED, "funded": False}, False, "资金来源不明")

    again = desk.run(records.record_review, matter.id, sent_back, actor="p-1001")

    assert (again.step, again.status) == ("deliberate", "deliberating")
    stepped = desk.events("deliberation.matter.stepped.v1")[-1]
    assert (stepped.data["why"], stepped.data["step"]) == ("sent_back", "deliberate")
    # the old minutes and plan were the last round's: a new plan alone does not move it on
    desk.run(records.record_plan, matter.id, "补充资金来源", [TASK])
    assert load(desk.session, matter.id).step == "deliberate"


def test_a_review_answers_every_item_and_gives_reasons_to_send_back(desk):
    matter, _ = deliberated(desk)
    wrong = [
        (Review({"lawful": True}, True), "unanswered: sound"),
        (Review({**CHECKED, "extra": True}, True), "not on the checklist: extra"),
        (Review({**CHECKED, "fair": False}, True), "approved with items unchecked: fair"),
        (Review(CHECKED, False, " "), "says why"),
    ]
    for review, reason in wrong:
        with pytest.raises(Invalid, match=reason):
            desk.run(records.record_review, matter.id, review)
    assert load(desk.session, matter.id).step == "review"


def test_a_carried_vote_moves_on_to_execute_and_one_not_carried_goes_back(desk):
    matter, _ = deliberated(desk)
    desk.run(records.record_review, matter.id, Review(CHECKED, True))

    back = desk.run(steps.vote_closed, matter.id, False)
    assert (back.step, back.status) == ("deliberate", "deliberating")

    with pytest.raises(Refused, match="not being voted on"):
        desk.run(steps.vote_closed, matter.id, True)


def test_a_carried_vote_moves_the_matter_to_execute(desk):
    matter, _ = deliberated(desk)
    desk.run(records.record_review, matter.id, Review(CHECKED, True))

    executing = desk.run(steps.vote_closed, matter.id, True)

    assert (executing.step, executing.status) == ("execute", "executing")


def test_an_approved_plan_opens_the_assembly_vote_and_a_vote_not_carried_sends_it_back(desk):
    matter, _ = deliberated(desk)
    desk.run(records.record_review, matter.id, Review(CHECKED, True))

    vote = voting.load(desk.session, matter.id)
    assert vote.is_open
    assert {voter.person for voter in vote.roster} == set(desk.policy.bodies.assembly(COMMUNITY))
    member = sorted(desk.policy.bodies.assembly(COMMUNITY))[0]
    desk.run(
        lambda move: casting.cast(
            desk.session, matter.id, casting.Cast(member, member, "agree", None), move.now
        )
    )

    def close(move):
        return closing.close(desk.session, move.outbox, matter.id, "staff-1", move.now, desk.policy)

    result = desk.run(close)

    assert result["reasons"][0]["code"] == "quorum"  # one ballot of the whole assembly
    after = load(desk.session, matter.id)
    assert (after.step, after.status) == ("deliberate", "deliberating")  # xiguan's back_to


def close_vote(desk, matter_id: str, agreeing: list[str]) -> dict:
    for member in agreeing:
        ballot = casting.Cast(member, member, "agree", None)
        desk.run(lambda move, b=ballot: casting.cast(desk.session, matter_id, b, move.now))

    def close(move):
        return closing.close(desk.session, move.outbox, matter_id, "staff-1", move.now, desk.policy)

    return desk.run(close)


def test_a_carried_vote_moves_the_matter_to_execute_and_its_decision_goes_to_its_cases(desk):
    matter, _ = deliberated(desk)
    desk.run(records.record_review, matter.id, Review(CHECKED, True))

    result = close_vote(desk, matter.id, list(desk.policy.bodies.assembly(COMMUNITY)))

    assert result["carried"]
    after = load(desk.session, matter.id)
    assert (after.step, after.status) == ("execute", "executing")
    [decided] = desk.events("deliberation.matter.decided.v1")
    assert decided.data["carried"] is True
    assert decided.data["answer"]["text"] == (
        "居民代表大会表决通过（赞成 30，弃权 0，反对 0，否决 0）：下水道反复堵塞"
    )
    assert decided.data["issue_ids"] == []  # opened by staff: no promoted cases


def test_a_vote_not_carried_is_decided_too_with_every_reason(desk):
    matter, _ = deliberated(desk)
    desk.run(records.record_review, matter.id, Review(CHECKED, True))

    close_vote(desk, matter.id, [])

    [decided] = desk.events("deliberation.matter.decided.v1")
    assert decided.data["carried"] is False
    assert decided.data["answer"]["text"].startswith(
        "居民代表大会表决未通过：投票人数未达到法定人数"
    )
