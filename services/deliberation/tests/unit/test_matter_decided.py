"""The close of a matter's vote decides it: three promoted cases' matter is deliberated,
reviewed and voted on by its whole assembly; the close moves the matter on and sends
`deliberation.matter.decided` with the decision in words and the three cases, which routing
answers with it. A vote not carried decides too, saying every reason."""

import pytest

from deliberation import casting, chain, closing, meetings, promotion, records, voting
from deliberation.records import Review
from deliberation.state import load
from gongzhi.web import HttpError

from .test_deliberate_and_review import CHECKED, TASK, meeting
from .test_promotion import GRIDS, by_supervisor, known


def voted_on(desk):
    """Cases c1, c2, c3 promoted to one matter, deliberated and approved: its vote open."""
    known(desk, *zip(("c1", "c2", "c3"), GRIDS, strict=True))
    matter = desk.run(promotion.promote, by_supervisor("c1", "c2", "c3"), actor="gs-620502001")
    meeting_id = meeting(desk, matter.id)
    desk.run(meetings.attendance, meeting_id, ["p-1001", "p-1009"])
    desk.run(records.record_minutes, matter.id, meeting_id, "议定改造", {"party_core": "同意"})
    desk.run(records.record_plan, matter.id, "分三步实施", [TASK])
    desk.run(records.record_review, matter.id, Review(CHECKED, True))
    return voting.load(desk.session, matter.id)


def cast_all(desk, vote, option_of) -> None:
    for voter in vote.roster:
        ballot = casting.Cast(voter.person, voter.person, option_of(voter), None)
        desk.run(lambda move, b=ballot: casting.cast(desk.session, vote.matter_id, b, move.now))


def close(desk, vote):
    return desk.run(
        lambda move: closing.close(
            desk.session, move.outbox, vote.matter_id, "staff-1", move.now, desk.policy
        )
    )


def test_a_carried_vote_decides_the_matter_and_answers_its_cases(desk):
    vote = voted_on(desk)
    cast_all(desk, vote, lambda voter: "agree")

    result = close(desk, vote)

    assert result["carried"]
    [decided] = desk.events("deliberation.matter.decided.v1")
    assert decided.subject == vote.matter_id
    assert decided.data["issue_ids"] == ["c1", "c2", "c3"]
    assert decided.data["carried"] is True
    assert decided.data["answer"]["text"] == (
        "居民代表大会表决通过（赞成 30，弃权 0，反对 0，否决 0）：下水道反复堵塞"
    )
    assert load(desk.session, vote.matter_id).step == "execute"


def test_a_vote_not_carried_decides_with_every_reason(desk):
    vote = voted_on(desk)
    desk.run(
        lambda move: casting.cast(
            desk.session, vote.matter_id, casting.Cast("p-1010", "p-1010", "agree"), move.now
        )
    )

    close(desk, vote)

    [decided] = desk.events("deliberation.matter.decided.v1")
    assert decided.data["carried"] is False
    text = decided.data["answer"]["text"]
    assert text.startswith("居民代表大会表决未通过：投票人数未达到法定人数；")
    assert "业主委员会一方未达到法定人数" in text
    assert load(desk.session, vote.matter_id).step == "deliberate"  # xiguan's back_to


def test_a_matters_vote_is_not_opened_by_hand(desk):
    vote = voted_on(desk)
    with pytest.raises(HttpError) as refused:
        voting.refuse_by_hand(desk.session, vote.matter_id)
    assert (refused.value.status, refused.value.code) == (409, "refused")
    voting.refuse_by_hand(desk.session, "a-vote-on-no-matter")  # taken


def deliberated_again(desk, matter_id: str) -> None:
    meeting_id = meeting(desk, matter_id)
    desk.run(meetings.attendance, meeting_id, ["p-1001", "p-1009"])
    desk.run(records.record_minutes, matter_id, meeting_id, "再议", {"party_core": "同意"})
    desk.run(records.record_plan, matter_id, "补充方案", [TASK])
    desk.run(records.record_review, matter_id, Review(CHECKED, True))


def test_a_matter_sent_back_by_its_vote_is_voted_on_again_and_both_rounds_are_kept(desk):
    first = voted_on(desk)
    close(desk, first)  # no ballot: not carried, back to deliberate
    assert load(desk.session, first.matter_id).step == "deliberate"

    deliberated_again(desk, first.matter_id)

    second = voting.load(desk.session, first.matter_id)
    assert second.is_open
    earlier = voting.load(desk.session, f"{first.matter_id}/1")
    assert earlier.result is not None
    assert earlier.result["carried"] is False
    cast_all(desk, second, lambda voter: "agree")
    assert close(desk, second)["carried"]
    assert load(desk.session, first.matter_id).step == "execute"
    decided = desk.events("deliberation.matter.decided.v1")
    assert [event.data["carried"] for event in decided] == [False, True]
    kinds = [e.kind for e in chain.entries(desk.session, first.matter_id)]
    assert kinds.count("vote_opened") == kinds.count("vote_closed") == 2
