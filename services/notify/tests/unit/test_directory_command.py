"""`gongzhi notify directory import FILE`: a summary, each bad row by file and line on stderr,
and exit status 1 when any row was bad, 2 when nothing could be imported."""

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from gongzhi.cli import main
from gongzhi.db import DatabaseSettings, create_engine_for
from notify.directory import address_of

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def database(tmp_path, monkeypatch):
    """Notify's database as the command finds it: NOTIFY_DATABASE_URL, migrated."""
    url = f"sqlite:///{tmp_path / 'notify.db'}"
    monkeypatch.setenv("NOTIFY_DATABASE_URL", url)
    return DatabaseSettings(url, None)


def looked_up(database: DatabaseSettings, person_id: str) -> str | None:
    engine = create_engine_for(database)
    with Session(engine) as session:
        found = address_of(session, person_id, "phone")
    engine.dispose()
    return found


def test_a_clean_sheet_imports_with_a_summary_and_status_0(database, capsys):
    assert main(["db", "upgrade", "notify"]) == 0
    capsys.readouterr()

    assert main(["notify", "directory", "import", str(DATA / "directory.csv")]) == 0

    assert capsys.readouterr().out == "7 imported, 0 updated, 0 bad rows\n"
    assert looked_up(database, "gw-620502001001001") == "+8613800138001"


def test_bad_rows_are_listed_by_line_the_rest_imported_and_the_status_is_1(database, capsys):
    main(["db", "upgrade", "notify"])
    capsys.readouterr()
    sheet = DATA / "directory_bad_rows.csv"

    assert main(["notify", "directory", "import", str(sheet)]) == 1

    printed = capsys.readouterr()
    assert printed.out == "1 imported, 0 updated, 6 bad rows\n"
    assert printed.err.splitlines()[0] == f"{sheet}:3: id: required"
    assert len(printed.err.splitlines()) == 6
    assert "1380013" not in printed.err
    assert looked_up(database, "gw-620502001001003") == "+8613800138005"


def test_before_the_database_is_migrated_it_says_what_to_run(database, capsys):
    assert main(["notify", "directory", "import", str(DATA / "directory.csv")]) == 2

    assert "gongzhi db upgrade notify" in capsys.readouterr().err
