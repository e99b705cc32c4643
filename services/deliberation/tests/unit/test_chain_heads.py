"""The heads of the matters' logs on the real database (SQLite, or PostgreSQL under
DATABASE_URL): a vote's close and a matter's end record the log's length and last hash in their
unit of work and publish them (the closing event, the board's JSON); a log cut short at its end
or rewritten whole walks clean, but verify holds it to its heads and names what was done."""

import pytest
from sqlalchemy import exc, select, text
from sqlalchemy.orm import Session

from deliberation import board, chain, heads, matters, steps
from deliberation.matters import NewMatter
from deliberation.model import chain_heads
from deliberation.state import load

from .voting_helpers import AT, assembly, cast, close, closed_events, opened

MEMBERS = assembly(party_core=1, residents_representatives=3)
COMMUNITY = "620502001001"


def closed_vote(session: Session) -> dict:
    opened(session, MEMBERS)
    for person in sorted(MEMBERS):
        cast(session, person, "agree")
    return close(session)


def as_a_dba(session: Session, *statements: str) -> None:
    """Drop the log's triggers, as a DBA who means to rewrite it would, then run `statements`."""
    on = " ON chain_entries" if session.get_bind().dialect.name == "postgresql" else ""
    for verb in ("update", "delete"):
        session.execute(text(f"DROP TRIGGER chain_entries_no_{verb}{on}"))
    for statement in statements:
        session.execute(text(statement))
    session.commit()


def test_a_vote_closing_records_and_publishes_its_logs_head(session):
    closed_vote(session)

    last = chain.entries(session, "m-1")[-1]
    [event] = closed_events(session)
    assert (event.data["chain_length"], event.data["chain_hash"]) == (last.seq, last.hash)
    [head] = heads.recorded(session, "m-1")
    assert (head.length, head.hash, head.why, head.at) == (
        last.seq,
        last.hash,
        "vote_closed",
        AT.replace(hour=10, minute=30),
    )
    assert heads.verify(session, "m-1").holds


def test_a_matter_that_ends_records_its_head_and_the_board_shows_it(desk):
    matter = desk.run(matters.start, NewMatter(COMMUNITY, "停车难", "车位不够", "staff"))
    assert board.matter_page(desk.session, matter.id, desk.policy)["chain_head"] is None

    desk.run(lambda move: steps.end(load(desk.session, matter.id), "failed", "withdrawn", move))

    last = chain.entries(desk.session, matter.id)[-1]
    ended = desk.events("deliberation.matter.stepped.v1")[-1].data
    assert (ended["status"], ended["chain_length"], ended["chain_hash"]) == (
        "failed",
        last.seq,
        last.hash,
    )
    assert "chain_length" not in desk.events("deliberation.matter.stepped.v1")[0].data
    shown = board.matter_page(desk.session, matter.id, desk.policy)["chain_head"]
    assert shown == {
        "length": last.seq,
        "hash": last.hash,
        "why": "matter_ended",
        "at": desk.clock.now().isoformat(),
    }


def test_a_log_cut_short_after_its_head_walks_clean_but_verify_names_it(session):
    closed_vote(session)
    length = len(chain.entries(session, "m-1"))

    as_a_dba(session, f"DELETE FROM chain_entries WHERE matter_id = 'm-1' AND seq = {length}")

    assert chain.verify(session, "m-1").holds  # the walk alone cannot tell
    verdict = heads.verify(session, "m-1")
    assert (verdict.entries, verdict.broken.seq, verdict.broken.reason) == (
        length - 1,
        length,
        "cut",
    )
    said = str(verdict)
    assert f"broken at seq {length}: cut short (the log ends at seq {length - 1}" in said
    assert f"when the vote closed at 2026-12-02 10:30 UTC says it had {length} entries" in said


def test_a_log_rewritten_whole_is_found_at_its_published_head(session):
    closed_vote(session)
    length = len(chain.entries(session, "m-1"))

    as_a_dba(session, "DELETE FROM chain_entries WHERE matter_id = 'm-1'")
    for n in range(length):  # a fresh chain of the same length, every hash recomputed
        chain.append(session, "m-1", "step", "p-0001", {"n": n}, AT)
    session.commit()

    assert chain.verify(session, "m-1").holds
    broken = heads.verify(session, "m-1").broken
    assert (broken.seq, broken.reason) == (length, "head")
    assert "rewritten" in str(broken)


def test_a_head_copied_from_the_board_is_held_to_as_well(session):
    closed_vote(session)
    last = chain.entries(session, "m-1")[-1]

    assert heads.verify(session, "m-1", [heads.parse(f"{last.seq}:{last.hash}")]).holds
    beyond = heads.verify(session, "m-1", [heads.parse(f"{last.seq + 2}:{'a' * 64}")])
    assert (beyond.broken.seq, beyond.broken.reason) == (last.seq + 1, "cut")
    with pytest.raises(ValueError, match="LENGTH:HASH"):
        heads.parse("12:abc")


def test_every_matter_is_verified_even_one_whose_whole_log_is_gone(session):
    closed_vote(session)
    chain.append(session, "m-2", "step", "p-0001", {"n": 0}, AT)
    session.commit()

    as_a_dba(session, "DELETE FROM chain_entries WHERE matter_id = 'm-1'")

    gone, kept = sorted(heads.verify_all(session), key=lambda verdict: verdict.matter_id)
    assert (gone.matter_id, gone.entries, gone.broken.seq, gone.broken.reason) == (
        "m-1",
        0,
        1,
        "cut",
    )
    assert (kept.matter_id, kept.holds) == ("m-2", True)


@pytest.mark.parametrize(
    "statement", ["UPDATE chain_heads SET length = 1", "DELETE FROM chain_heads"]
)
def test_the_database_refuses_to_change_or_delete_a_head(session, statement):
    closed_vote(session)

    with pytest.raises(exc.IntegrityError, match="chain_heads is append-only"):
        session.execute(text(statement))
    session.rollback()

    assert len(session.execute(select(chain_heads)).all()) == 1
