"""A secret ballot on the real database: nothing of the tally shows before close (the status,
the log lines), and after it nothing in the database links a voter to an option: turnout holds
who without how, the box how without who, time or order, the chain who and then the sorted
options; the closed event names who voted, sorted, and never an option beside them. A changed
secret ballot replaces the right one by its receipt alone."""

import hashlib
from dataclasses import asdict

import pytest
from sqlalchemy import inspect, text
from structlog.testing import capture_logs

from deliberation import chain, voting
from gongzhi.testing.units import migrated_session_fixture
from gongzhi.web import HttpError

from .voting_helpers import appoint, assembly, cast, close, closed_events, opened

session = migrated_session_fixture("deliberation")
MEMBERS = assembly(residents_representatives=8, owners_committee=4)
PEOPLE = sorted(MEMBERS)
OPTIONS = ["agree", "disagree", "agree", "abstain", "block", "agree"] * 2


def vote_all(session) -> dict[str, str]:
    chosen = dict(zip(PEOPLE, OPTIONS, strict=True))
    for person, option in chosen.items():
        cast(session, person, option)
    return chosen


def test_before_close_a_secret_vote_shows_no_count_anywhere(session):
    opened(session, MEMBERS, secret=True)
    with capture_logs() as logged:
        vote_all(session)
        status = voting.status(voting.load(session, "m-1"))
    assert status["result"] is None
    assert status["state"] == "open"
    assert not {"counts", "turnout", "parties", "took_part"} & set(status)
    said = repr(logged)
    assert not any(option in said for option in ("agree", "disagree", "abstain", "block"))


def test_after_close_nothing_in_the_database_links_a_voter_to_an_option(session):
    opened(session, MEMBERS, secret=True)
    vote_all(session)
    result = close(session)
    assert result["counts"] == {"agree": 6, "abstain": 2, "disagree": 2, "block": 2}
    columns = {c["name"] for c in inspect(session.get_bind()).get_columns("ballot_box")}
    # no voter, no time, no number; a paper ballot's staff names alone
    assert columns == {"id", "matter_id", "party", "option", "entered_by", "confirmed_by"}
    assert "option" not in {c["name"] for c in inspect(session.get_bind()).get_columns("turnout")}
    for entry in chain.entries(session, "m-1"):
        if entry.kind == chain.TOOK_PART:
            assert set(entry.data) == {"voter", "cast_by"}
    sealed = next(e for e in chain.entries(session, "m-1") if e.kind == chain.SEALED)
    assert sealed.data["owners_committee"] == sorted(sealed.data["owners_committee"])


def holding(value, voter: str) -> list:
    """Every dict or list in `value` (an event's data) that names `voter`."""
    if isinstance(value, dict):
        found = [value] if voter in value or voter in value.values() else []
        return found + [held for item in value.values() for held in holding(item, voter)]
    if isinstance(value, list):
        found = [value] if voter in value else []
        return found + [held for item in value for held in holding(item, voter)]
    return []


def test_the_closed_event_names_who_voted_and_no_option_beside_them(session):
    opened(session, MEMBERS, secret=True)
    appoint(session, PEOPLE[1], PEOPLE[2])
    took_part = PEOPLE[1:]  # PEOPLE[0] stays away; PEOPLE[1] votes through their holder
    for person, option in zip(reversed(took_part), OPTIONS, strict=False):
        cast(session, person, option, by=PEOPLE[2] if person == PEOPLE[1] else None)
    close(session)
    [event] = closed_events(session)
    assert event.data["voters"] == sorted(took_part)
    for voter in PEOPLE:
        assert all(held is event.data["voters"] for held in holding(event.data, voter))


def test_the_box_lies_in_the_order_of_its_random_keys_not_of_casting(session):
    opened(session, MEMBERS, secret=True)
    receipts = [cast(session, person, "agree").receipt or "" for person in PEOPLE]
    close(session)
    in_cast_order = [hashlib.sha256(receipt.encode()).hexdigest() for receipt in receipts]
    # What a reader of the table sees without ORDER BY: its physical order.
    stored = [row.id for row in session.execute(text("SELECT id FROM ballot_box"))]
    assert stored == sorted(in_cast_order)
    assert stored != in_cast_order  # 12 random keys fall in casting order once in 12! times


def test_a_secret_ballot_is_changed_with_its_receipt_and_no_other_way(session):
    opened(session, MEMBERS, secret=True)
    first = cast(session, PEOPLE[0], "disagree")
    other = cast(session, PEOPLE[1], "agree")
    assert first.receipt
    assert other.receipt
    assert first.receipt != other.receipt
    for receipt, code in ((None, "receipt_needed"), ("made-up", "unknown_receipt")):
        with pytest.raises(HttpError) as refused:
            cast(session, PEOPLE[0], "agree", receipt=receipt)
        assert (refused.value.status, refused.value.code) == (409, code)
    changed = cast(session, PEOPLE[0], "agree", receipt=first.receipt)
    assert changed.replaced
    assert changed.receipt is None
    assert close(session)["counts"]["agree"] == 2  # replaced, not added


def test_a_secret_vote_that_lets_no_change_refuses_even_with_the_receipt(session):
    opened(session, MEMBERS, secret=True, change_vote=False)
    first = cast(session, PEOPLE[0], "disagree")
    with pytest.raises(HttpError) as refused:
        cast(session, PEOPLE[0], "agree", receipt=first.receipt)
    assert (refused.value.status, refused.value.code) == (409, "second_ballot")


def test_a_proxy_ballot_in_a_secret_vote_counts_once_for_its_voter(session):
    opened(session, MEMBERS, secret=True)
    appoint(session, PEOPLE[0], PEOPLE[1])
    by_holder = cast(session, PEOPLE[0], "block", by=PEOPLE[1])
    cast(session, PEOPLE[1], "agree")
    with pytest.raises(HttpError) as refused:  # the holder's is in: its receipt replaces it
        cast(session, PEOPLE[0], "agree")
    assert refused.value.code == "receipt_needed"
    cast(session, PEOPLE[0], "agree", receipt=by_holder.receipt)
    result = close(session)
    assert result["counts"]["agree"] == 2
    assert result["counts"]["block"] == 0
    assert result["turnout"]["by_proxy"] == 0  # the voter took their ballot back


def test_a_secret_result_equals_the_open_count_of_the_same_ballots(session):
    opened(session, MEMBERS, secret=True, majority="concurrent", party_quorum=0.5)
    opened(session, MEMBERS, matter="m-2", majority="concurrent", party_quorum=0.5)
    for person, option in zip(PEOPLE, OPTIONS, strict=True):
        cast(session, person, option)
        cast(session, person, option, matter="m-2")
    assert close(session, "m-1") == close(session, "m-2")
    assert asdict(voting.load(session, "m-1").rules)["secret"] is True
