"""`gongzhi scoring shop import FILE` lists the sample district's shop (its providers' merchant
accounts opened on the way), once: a second run lists nothing more; bad rows are named by line
and skipped; a file of other columns is refused whole."""

import pytest

from gongzhi.cli import main
from gongzhi.db import DatabaseSettings
from gongzhi.testing.system import SAMPLE_DISTRICT

SAMPLE_SHOP = SAMPLE_DISTRICT / "shop.csv"
HEADER = "community,provider,name,price,stock,per_month,per_person,needs_approval,voucher_days\n"


@pytest.fixture
def database(tmp_path, monkeypatch):
    """Scoring's database as the command finds it: SCORING_DATABASE_URL, migrated."""
    url = f"sqlite:///{tmp_path / 'scoring.db'}"
    monkeypatch.setenv("SCORING_DATABASE_URL", url)
    assert main(["db", "upgrade", "scoring"]) == 0
    return DatabaseSettings(url, None)


def test_the_sample_districts_shop_is_listed_once(database, capsys):
    capsys.readouterr()
    assert main(["scoring", "shop", "import", str(SAMPLE_SHOP)]) == 0
    assert capsys.readouterr().out == "5 items listed, 0 already, 0 bad rows\n"
    assert main(["scoring", "shop", "import", str(SAMPLE_SHOP)]) == 0
    assert capsys.readouterr().out == "0 items listed, 5 already, 0 bad rows\n"


def test_bad_rows_are_named_by_line_and_skipped(database, tmp_path, capsys):
    sheet = tmp_path / "shop.csv"
    rows = (
        "620502001001,m-1,大米,200,20,1,,no,30",
        "999,m-1,大米,200,20,1,,no,30",
        "620502001001,m-1,油,many,20,1,,no,30",
        "620502001001,m-1,,200,20,1,,no,30",
        "620502001002,m-1,面,20,1,,,no,30",  # m-1 opened in the first community already
    )
    sheet.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["scoring", "shop", "import", str(sheet)]) == 1
    printed = capsys.readouterr()
    assert printed.out == "1 items listed, 0 already, 4 bad rows\n"
    assert [line.split(": ", 1)[0] for line in printed.err.splitlines()] == [
        f"{sheet}:{n}" for n in (3, 4, 5, 6)
    ]
    other = tmp_path / "other.csv"
    other.write_text("item,price\n大米,200\n", encoding="utf-8")
    assert main(["scoring", "shop", "import", str(other)]) == 2
