"""`gongzhi scoring people import FILE` on the sample district: a summary, each bad row by file
and line on stderr (exit status 1), a file with a name column refused whole (2); then
`gongzhi scoring verify` finds the ledger balanced."""

import pytest
from sqlalchemy import select

from gongzhi.cli import main
from gongzhi.db import DatabaseSettings, create_engine_for
from scoring.model import people

SHEET = """person,community,role
p-1001,620502001001,party_member
p-1002,620502001002,volunteer
p-1003,999,volunteer
p-1004,620502001001,mayor
p-1005,620502001001
p-1001,620502001001,party_member
p-1001,620502001003,party_member
"""


@pytest.fixture
def database(tmp_path, monkeypatch):
    """Scoring's database as the command finds it: SCORING_DATABASE_URL, migrated."""
    url = f"sqlite:///{tmp_path / 'scoring.db'}"
    monkeypatch.setenv("SCORING_DATABASE_URL", url)
    assert main(["db", "upgrade", "scoring"]) == 0
    return DatabaseSettings(url, None)


def test_good_rows_register_bad_ones_are_named_by_line(database, tmp_path, capsys):
    sheet = tmp_path / "people.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    capsys.readouterr()
    assert main(["scoring", "people", "import", str(sheet)]) == 1
    printed = capsys.readouterr()
    assert printed.out == "2 registered, 1 already, 4 bad rows\n"
    assert [line.split(": ", 1)[0] for line in printed.err.splitlines()] == [
        f"{sheet}:4",
        f"{sheet}:5",
        f"{sheet}:6",
        f"{sheet}:8",
    ]
    assert "no community '999'" in printed.err
    assert "registered in 620502001001 as party_member" in printed.err
    assert main(["scoring", "verify"]) == 0
    assert capsys.readouterr().out == "the ledger balances\n"


def test_a_file_with_names_is_refused_whole(database, tmp_path, capsys):
    sheet = tmp_path / "people.csv"
    sheet.write_text("person,name,community,role\np-1,张伟,620502001001,volunteer\n")
    assert main(["scoring", "people", "import", str(sheet)]) == 2
    printed = capsys.readouterr()
    assert "no names" in printed.err
    assert "张伟" not in printed.err


def test_a_file_may_carry_the_grid_consent_and_alias_and_sets_them_again(
    database, tmp_path, capsys
):
    sheet = tmp_path / "people.csv"
    rows = [
        "person,community,role,grid,shown,alias",
        "p-1,620502001001,volunteer,620502001001001,是,热心大姐",
        "p-2,620502001001,volunteer,,,",
        "p-3,620502001001,volunteer,,maybe,",
        "p-4,620502001001,volunteer,nowhere,no,",
    ]
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["scoring", "people", "import", str(sheet)]) == 1
    assert capsys.readouterr().out == "2 registered, 0 already, 2 bad rows\n"
    sheet.write_text("person,community,role,shown\np-1,620502001001,volunteer,no\n")
    assert main(["scoring", "people", "import", str(sheet)]) == 0
    assert capsys.readouterr().out == "0 registered, 1 already, 0 bad rows\n"
    with create_engine_for(database).connect() as connection:
        found = connection.execute(
            select(people.c.person, people.c.grid, people.c.shown, people.c.alias).order_by(
                people.c.person
            )
        ).all()
    assert [tuple(row) for row in found] == [
        ("p-1", "620502001001001", False, "热心大姐"),
        ("p-2", None, False, None),
    ]
