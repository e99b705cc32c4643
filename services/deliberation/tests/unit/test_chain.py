"""Every matter's log is a hash chain on the real database (SQLite, or PostgreSQL under
DATABASE_URL), migrated so that its append-only triggers are there: what is appended verifies,
what a DBA changes or removes behind the triggers' back is found and named by seq, and the
database itself refuses UPDATE and DELETE."""

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, exc, text, update
from sqlalchemy.orm import Session

from deliberation import chain, heads
from deliberation.model import chain_entries
from gongzhi.testing.units import migrated_session_fixture

session = migrated_session_fixture("deliberation")
AT = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)


def record(session: Session, matter_id: str, steps: int) -> list[chain.Entry]:
    """A matter's first `steps` entries, committed: a step, ballots, a proxy, a correction."""
    kinds = ["step", "proxy", "ballot", "ballot", "correction", "step"]
    written = []
    for n in range(steps):
        data = {"n": n, "意见": "同意", "options": ["agree", "block"]}
        at = AT + timedelta(minutes=n)
        written.append(chain.append(session, matter_id, kinds[n % 6], f"p-{n:04d}", data, at))
    session.commit()
    return written


def as_a_dba(session: Session, statement: str) -> None:
    """Run `statement` on the log the way a DBA would: drop the trigger that refuses it first."""
    verb = statement.split()[0].lower()
    on = " ON chain_entries" if session.get_bind().dialect.name == "postgresql" else ""
    session.execute(text(f"DROP TRIGGER chain_entries_no_{verb}{on}"))
    session.execute(text(statement))
    session.commit()


def test_appended_entries_verify(session):
    written = record(session, "m-1", 6)

    verdict = chain.verify(session, "m-1")

    assert (verdict.holds, verdict.entries, verdict.broken) == (True, 6, None)
    assert [entry.seq for entry in written] == [1, 2, 3, 4, 5, 6]
    assert chain.entries(session, "m-1") == written
    assert str(verdict) == "matter m-1: 6 entries, holds"


def test_the_hash_is_sha256_of_the_previous_hash_and_the_canonical_fields(session):
    local = timezone(timedelta(hours=8))
    first = chain.append(session, "m-1", "step", "p-0001", {"意见": "同意"}, AT.astimezone(local))
    second = chain.append(session, "m-1", "step", "p-0002", {}, AT)

    fields = (
        '{"actor":"p-0001","at":"2024-05-06T09:30:00+00:00","data":{"意见":"同意"},'
        '"kind":"step","matter_id":"m-1","seq":1}'
    )
    assert first.previous == chain.GENESIS == "0" * 64
    assert first.hash == hashlib.sha256((chain.GENESIS + fields).encode()).hexdigest()
    assert second.previous == first.hash


def test_an_entry_changed_behind_the_trigger_is_named_by_its_seq(session):
    record(session, "m-1", 5)

    as_a_dba(session, "UPDATE chain_entries SET actor = 'p-9999' WHERE seq = 3")

    verdict = chain.verify(session, "m-1")
    assert (verdict.holds, verdict.entries) == (False, 5)
    assert (verdict.broken.seq, verdict.broken.reason) == (3, "hash")
    assert str(verdict).startswith("matter m-1: 5 entries, broken at seq 3: hash mismatch")


def test_an_entry_rewritten_with_its_hash_recomputed_breaks_the_next_link(session):
    record(session, "m-1", 4)
    [third] = [entry for entry in chain.entries(session, "m-1") if entry.seq == 3]
    forged = chain.Entry(**{**third.__dict__, "data": {"n": 2, "意见": "反对"}})
    forged_hash = chain.hash_of(forged)

    as_a_dba(session, f"UPDATE chain_entries SET hash = '{forged_hash}' WHERE seq = 3")
    changed = update(chain_entries).where(chain_entries.c.seq == 3).values(data=forged.data)
    session.execute(changed)
    session.commit()

    broken = chain.verify(session, "m-1").broken
    assert (broken.seq, broken.reason) == (4, "previous")


def test_a_deleted_entry_is_found_as_a_gap(session):
    record(session, "m-1", 5)

    as_a_dba(session, "DELETE FROM chain_entries WHERE seq = 2")

    verdict = chain.verify(session, "m-1")
    assert (verdict.entries, verdict.broken.seq, verdict.broken.reason) == (4, 2, "gap")
    assert "the chain goes on at seq 3" in str(verdict)


def test_a_deleted_first_entry_is_a_gap_at_seq_1(session):
    record(session, "m-1", 3)

    as_a_dba(session, "DELETE FROM chain_entries WHERE seq = 1")

    assert chain.verify(session, "m-1").broken.seq == 1


@pytest.mark.parametrize(
    "statement",
    ["UPDATE chain_entries SET actor = 'p-9999'", "DELETE FROM chain_entries WHERE seq = 1"],
)
def test_the_database_refuses_to_change_or_delete_an_entry(session, statement):
    record(session, "m-1", 2)

    with pytest.raises(exc.IntegrityError, match="chain_entries is append-only"):
        session.execute(text(statement))
    session.rollback()

    assert chain.verify(session, "m-1").entries == 2


def test_two_matters_keep_two_chains(session):
    for n in range(3):
        chain.append(session, "m-1", "step", "p-0001", {"n": n}, AT)
        chain.append(session, "m-2", "step", "p-0001", {"n": n}, AT)
    session.commit()

    as_a_dba(session, "DELETE FROM chain_entries WHERE matter_id = 'm-1' AND seq = 2")

    first, second = heads.verify_all(session)
    assert (first.matter_id, first.holds, first.broken.seq) == ("m-1", False, 2)
    assert (second.matter_id, second.holds, second.entries) == ("m-2", True, 3)
    assert [entry.seq for entry in chain.entries(session, "m-2")] == [1, 2, 3]


def test_a_matter_without_entries_has_an_empty_chain(session):
    verdict = chain.verify(session, "m-none")

    assert (verdict.entries, verdict.holds) == (0, True)


def test_of_two_racing_appends_the_second_is_refused_and_runs_again(session):
    record(session, "m-1", 1)
    racer = Session(session.get_bind())
    connection = racer.connection()
    raced = []

    @event.listens_for(connection, "after_cursor_execute")
    def the_other_commits_meanwhile(_connection, _cursor, statement, *_):
        """Right after the racer read the last entry, another unit of work appends and commits."""
        if statement.lstrip().upper().startswith("SELECT") and not raced:
            raced.append(chain.append(session, "m-1", "ballot", "p-0002", {}, AT))
            session.commit()

    with pytest.raises(chain.Contended, match="seq 2 was taken"):
        chain.append(racer, "m-1", "ballot", "p-0003", {}, AT)
    racer.rollback()
    event.remove(connection, "after_cursor_execute", the_other_commits_meanwhile)

    again = chain.append(racer, "m-1", "ballot", "p-0003", {}, AT)
    racer.commit()
    racer.close()
    assert (raced[0].seq, again.seq) == (2, 3)
    assert chain.verify(session, "m-1").holds


@pytest.mark.parametrize(
    ("kind", "actor", "data", "problem"),
    [
        ("step", "13800138000", {}, "not contact details"),
        ("step", "", {}, "needs a kind"),
        ("", "p-0001", {}, "needs a kind"),
        ("step", "p-0001", ["agree"], "a JSON object, not list"),
        ("took_part", "p-0001", {"vote": "v1", "option": "agree"}, "never how"),
    ],
)
def test_an_entry_that_may_not_be_written_is_refused(session, kind, actor, data, problem):
    with pytest.raises(ValueError, match=problem):
        chain.append(session, "m-1", kind, actor, data, AT)

    assert chain.entries(session, "m-1") == []


def test_a_time_without_its_zone_is_refused(session):
    with pytest.raises(ValueError, match="needs its zone"):
        chain.append(session, "m-1", "step", "p-0001", {}, datetime(2024, 5, 6, 9, 30))


def test_a_secret_vote_is_logged_as_who_took_part_then_the_options_without_voters(session):
    cast = [("p-0003", "owners_committee", "block"), ("p-0001", "party_core", "agree")]
    cast += [("p-0002", "owners_committee", "agree")]
    for voter, _, _ in cast:
        chain.append(session, "m-1", chain.TOOK_PART, voter, {"vote": "v1"}, AT)
    ballots = chain.sealed((party, option) for _, party, option in cast)
    chain.append(session, "m-1", chain.SEALED, "p-0009", {"vote": "v1", "ballots": ballots}, AT)
    session.commit()

    log = chain.entries(session, "m-1")
    assert ballots == {"owners_committee": ["agree", "block"], "party_core": ["agree"]}
    assert [entry.actor for entry in log[:3]] == ["p-0003", "p-0001", "p-0002"]
    assert all(entry.data == {"vote": "v1"} for entry in log[:3])
    assert "p-000" not in chain.canonical(log[3].data)
    assert chain.verify(session, "m-1").holds
