"""How a matter starts: a residents' proposal collects co-signers until its process's threshold,
then opens; a grid joint meeting or staff open one at once; a must-deliberate kind opens with
its listed process. Opening enters the process's first step and moves past it (its topic is
the matter itself), into the chain and out as events, together."""

import pytest

from deliberation import chain, matters, model
from deliberation.matters import NewMatter
from deliberation.model import co_signers
from deliberation.refusals import Invalid, NotFound, Refused
from deliberation.state import load

COMMUNITY = "620502001001"


def proposal(title: str = "小区加装电梯") -> NewMatter:
    return NewMatter(COMMUNITY, title, "3号楼老人多,希望加装电梯。", "proposal")


def test_a_residents_proposal_collects_co_signers_then_opens(desk):
    proposed = desk.run(matters.start, proposal(), actor="ref-proposer")
    assert (proposed.status, proposed.step, proposed.raised_by) == (
        "collecting",
        "propose",
        "ref-proposer",
    )
    assert desk.events() == []

    for n in range(9):  # xiguan needs 10
        still = desk.run(matters.co_sign, proposed.id, f"ref-{n}")
        assert still.status == "collecting"
    opened = desk.run(matters.co_sign, proposed.id, "ref-9")

    assert (opened.status, opened.step) == ("deliberating", "deliberate")
    [event] = desk.events("deliberation.matter.opened.v1")
    assert event.data["origin"] == "proposal"
    assert event.data["issue_ids"] == []
    [stepped] = desk.events("deliberation.matter.stepped.v1")
    assert (stepped.data["from_step"], stepped.data["step"], stepped.data["why"]) == (
        "propose",
        "deliberate",
        "produced",
    )
    assert len(desk.rows(co_signers)) == 10


def test_a_co_signer_signs_once_and_the_proposer_not_at_all(desk):
    proposed = desk.run(matters.start, proposal(), actor="ref-proposer")
    desk.run(matters.co_sign, proposed.id, "ref-1")

    with pytest.raises(Refused, match="co-signed the proposal already"):
        desk.run(matters.co_sign, proposed.id, "ref-1")
    with pytest.raises(Refused, match="proposer backs"):
        desk.run(matters.co_sign, proposed.id, "ref-proposer")
    with pytest.raises(NotFound):
        desk.run(matters.co_sign, "no-such-matter", "ref-2")
    assert len(desk.rows(co_signers)) == 1


def test_an_open_matter_takes_no_more_co_signers(desk):
    opened = desk.run(matters.start, NewMatter(COMMUNITY, "停车难", "晚上车位不够", "staff"))

    with pytest.raises(Refused, match="not collecting co-signers"):
        desk.run(matters.co_sign, opened.id, "ref-1")


def test_a_grid_meeting_or_staff_open_a_matter_at_once(desk):
    for origin in ("grid_meeting", "staff"):
        opened = desk.run(matters.start, NewMatter(COMMUNITY, "路灯不亮", "巷子里没有灯", origin))
        assert (opened.status, opened.step, opened.process) == (
            "deliberating",
            "deliberate",
            "xiguan",
        )
    assert len(desk.events("deliberation.matter.opened.v1")) == 2


def test_a_must_deliberate_matter_takes_the_process_its_list_names(desk):
    listed = NewMatter(
        COMMUNITY, "动用专项维修资金", "屋顶漏水", "listed", listed_code="maintenance-funds"
    )
    opened = desk.run(matters.start, listed)

    assert (opened.process, opened.listed_code, opened.step) == (
        "fuguo",
        "maintenance-funds",
        "discuss",
    )


def test_unknown_communities_lists_and_processes_are_refused_with_nothing_written(desk):
    bad = [
        NewMatter("999999999999", "t", "d", "staff"),
        NewMatter(COMMUNITY, "t", "d", "listed", listed_code="no-such-kind"),
        NewMatter(COMMUNITY, "t", "d", "staff", process="no-such-process"),
    ]
    for new in bad:
        with pytest.raises(Invalid):
            desk.run(matters.start, new)
    assert desk.rows(model.matters) == []
    assert desk.events() == []


def test_every_start_goes_into_the_matters_chain(desk):
    proposed = desk.run(matters.start, proposal(), actor="ref-proposer")
    for n in range(10):
        desk.run(matters.co_sign, proposed.id, f"ref-{n}")

    entries = chain.entries(desk.session, proposed.id)
    kinds = [entry.kind for entry in entries]
    assert kinds == ["raised"] + ["co_signed"] * 10 + ["opened", "stepped"]
    assert chain.verify(desk.session, proposed.id).holds
    assert load(desk.session, proposed.id).step_due_at is not None
