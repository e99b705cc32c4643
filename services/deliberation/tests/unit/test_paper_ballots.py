"""Paper ballots on the real database: entered by the secretary, counted only once a second,
different person confirmed them by entering the same option; the unconfirmed are listed
without their options; a secret vote's are kept apart from their voters, and an unconfirmed
one counts for nothing, not even turnout, nor names its party's paper voters among those who
voted."""

import pytest
from sqlalchemy import text

from deliberation import paper
from gongzhi.web import HttpError

from .test_assembly_vote import CORE, MEMBERS, R0, R1, session
from .voting_helpers import AT, cast, close, closed_events, in_unit, opened

__all__ = ["session"]  # the fixture, shared


def enter(session, voter: str, option: str, by: str = "secretary-1") -> str:
    return in_unit(session, lambda: paper.enter(session, "m-1", paper.Paper(voter, option, by), AT))


def confirm(session, number: str, option: str, by: str) -> None:
    in_unit(session, lambda: paper.confirm(session, "m-1", number, option, by, AT))


def refused(code: str, work) -> None:
    with pytest.raises(HttpError) as raised:
        work()
    assert raised.value.code == code, raised.value.message


def test_a_paper_ballot_counts_only_once_someone_else_confirmed_it(session):
    opened(session, MEMBERS)
    first, second = enter(session, R0, "agree"), enter(session, R1, "disagree")
    refused("same_person", lambda: confirm(session, first, "agree", "secretary-1"))
    refused("mismatch", lambda: confirm(session, first, "disagree", "clerk-2"))
    confirm(session, first, "agree", "clerk-2")
    refused("confirmed", lambda: confirm(session, first, "agree", "clerk-3"))
    listed = paper.unconfirmed(session, "m-1")
    assert [(p["id"], p["voter"]) for p in listed] == [(second, R1)]
    assert "option" not in listed[0]
    result = close(session)
    assert result["counts"] == {"agree": 1, "abstain": 0, "disagree": 0, "block": 0}
    [event] = closed_events(session)
    assert event.data["voters"] == [R0]  # R1's paper was never confirmed: it is no ballot


def test_one_own_ballot_a_voter_on_paper_or_online(session):
    opened(session, MEMBERS)
    cast(session, CORE, "agree")
    refused("second_ballot", lambda: enter(session, CORE, "agree"))
    enter(session, R0, "agree")
    refused("second_ballot", lambda: cast(session, R0, "disagree"))
    refused("second_ballot", lambda: enter(session, R0, "disagree"))


def test_paper_ballots_are_refused_like_any_other(session):
    opened(session, MEMBERS)
    refused("not_on_roster", lambda: enter(session, "p-stranger", "agree"))
    refused("unknown_option", lambda: enter(session, R0, "maybe"))
    refused("not_found", lambda: confirm(session, "999", "agree", "clerk-2"))
    number = enter(session, R0, "agree")
    close(session)
    refused("vote_closed", lambda: confirm(session, number, "agree", "clerk-2"))
    refused("vote_closed", lambda: enter(session, R1, "agree"))


def test_a_secret_paper_ballot_counts_once_confirmed_and_is_kept_apart_from_its_voter(session):
    opened(session, MEMBERS, secret=True)
    first, second = enter(session, R0, "agree"), enter(session, R1, "disagree")
    refused("second_ballot", lambda: cast(session, R0, "agree"))
    refused("second_ballot", lambda: enter(session, R0, "agree"))
    refused("same_person", lambda: confirm(session, first, "agree", "secretary-1"))
    refused("mismatch", lambda: confirm(session, first, "block", "clerk-2"))
    confirm(session, first, "agree", "clerk-2")
    listed = paper.unconfirmed(session, "m-1")
    assert listed == [
        {"id": second, "party": "residents_representatives", "entered_by": "secretary-1"}
    ]
    cast(session, CORE, "agree")
    result = close(session)
    assert result["counts"] == {"agree": 2, "abstain": 0, "disagree": 0, "block": 0}
    assert result["turnout"]["took_part"] == 2  # R1's paper was never confirmed
    # Which of the party's two paper voters is unconfirmed, nothing says: neither is named.
    [event] = closed_events(session)
    assert event.data["voters"] == [CORE]
    box = session.execute(text("SELECT * FROM ballot_box")).mappings().all()
    assert all(R0 not in row.values() and R1 not in row.values() for row in box)
