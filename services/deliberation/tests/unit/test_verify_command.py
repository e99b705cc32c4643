"""`gongzhi deliberation verify MATTER` (or `--all`) on deliberation's real database, as the
command finds it: the verdict printed, exit status 0 when the chain holds, 1 naming the first
broken link (a log cut short before a head published of it too), 2 when there is nothing to
verify."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from deliberation import chain
from gongzhi.cli import main
from gongzhi.db import create_engine_for

AT = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)


@pytest.fixture
def database(database_settings, monkeypatch):
    """Deliberation's database, named to the command as an operator would."""
    settings = database_settings["deliberation"]
    monkeypatch.setenv("DELIBERATION_DATABASE_URL", settings.url)
    if settings.schema:
        monkeypatch.setenv("DELIBERATION_DATABASE_SCHEMA", settings.schema)
    return settings


@pytest.fixture
def logged(database, capsys):
    """Two matters with three entries each, migrated and committed."""
    assert main(["db", "upgrade", "deliberation"]) == 0
    capsys.readouterr()
    engine = create_engine_for(database)
    with Session(engine) as session:
        for n in range(3):
            for matter in ("m-1", "m-2"):
                chain.append(session, matter, "step", "p-0001", {"n": n}, AT)
        session.commit()
        yield session
    engine.dispose()


def tamper(session: Session) -> None:
    """A DBA drops the trigger and rewrites m-2's second entry."""
    on = " ON chain_entries" if session.get_bind().dialect.name == "postgresql" else ""
    session.execute(text(f"DROP TRIGGER chain_entries_no_update{on}"))
    where = "matter_id = 'm-2' AND seq = 2"
    session.execute(text(f"UPDATE chain_entries SET data = '{{\"n\": 7}}' WHERE {where}"))
    session.commit()


def test_a_chain_that_holds_says_so_with_status_0(logged, capsys):
    assert main(["deliberation", "verify", "m-1"]) == 0

    assert capsys.readouterr().out == "matter m-1: 3 entries, holds\n"


def test_a_broken_chain_names_its_first_broken_link_with_status_1(logged, capsys):
    tamper(logged)

    assert main(["deliberation", "verify", "m-2"]) == 1

    said = capsys.readouterr().out
    assert said.startswith("matter m-2: 3 entries, broken at seq 2: hash mismatch")


def test_all_chains_are_verified_and_the_broken_ones_named(logged, capsys):
    tamper(logged)

    assert main(["deliberation", "verify", "--all"]) == 1

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("matter m-2: 3 entries, broken at seq 2")
    assert lines[1:] == ["2 matters, 6 entries: 1 broken"]


def test_all_chains_holding_is_status_0(logged, capsys):
    assert main(["deliberation", "verify", "--all"]) == 0

    assert capsys.readouterr().out == "2 matters, 6 entries: every chain holds\n"


def test_a_log_cut_short_before_a_head_given_from_the_board_is_status_1(logged, capsys):
    last = chain.entries(logged, "m-1")[-1]
    assert main(["deliberation", "verify", "m-1", "--head", f"{last.seq}:{last.hash}"]) == 0
    capsys.readouterr()

    assert main(["deliberation", "verify", "m-1", "--head", f"5:{last.hash}"]) == 1

    said = capsys.readouterr().out
    assert said.startswith("matter m-1: 3 entries, broken at seq 4: cut short (the log ends at")


def test_a_head_that_is_no_head_is_status_2(logged, capsys):
    assert main(["deliberation", "verify", "m-1", "--head", "3"]) == 2

    assert "a head is LENGTH:HASH" in capsys.readouterr().err


def test_a_matter_without_a_log_is_status_2(logged, capsys):
    assert main(["deliberation", "verify", "m-404"]) == 2

    assert "matter m-404 has no log" in capsys.readouterr().err


def test_before_the_database_is_migrated_it_says_what_to_run(database, capsys):
    assert main(["deliberation", "verify", "m-1"]) == 2

    assert "gongzhi db upgrade deliberation" in capsys.readouterr().err


def test_a_matter_or_all_must_be_named(database, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["deliberation", "verify"])

    assert exited.value.code == 2
    assert "one of the arguments matter --all is required" in capsys.readouterr().err
