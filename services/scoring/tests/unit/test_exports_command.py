"""`gongzhi scoring export KIND MONTH --scope ... --format xlsx -o FILE` writes the month's
export an operator would download: housing's October assessment, its five unsatisfied ratings
counted, its card once the month is closed; a scope or kind that is none is refused."""

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from gongzhi.cli import main
from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.district import load_district
from gongzhi.testing.system import SAMPLE_DISTRICT
from gongzhi.testing.units import an_event
from scoring.assessment_facts import record_rating
from scoring.assessment_plan import plan_of

HOUSING = {"kind": "department", "id": "housing"}


@pytest.fixture
def database(tmp_path, monkeypatch):
    """Scoring's database as the command finds it, holding five unsatisfied October ratings
    of housing's cases in the first community."""
    url = f"sqlite:///{tmp_path / 'scoring.db'}"
    monkeypatch.setenv("SCORING_DATABASE_URL", url)
    assert main(["db", "upgrade", "scoring"]) == 0
    engine = create_engine_for(DatabaseSettings(url, None))
    plan = plan_of(load_district(SAMPLE_DISTRICT))
    with Session(engine) as session, session.begin():
        for n in range(5):
            data = {"issue_id": f"i-{n}", "verdict": "unsatisfied", "owner": HOUSING}
            data |= {"rated_at": "2026-10-05T09:00:00+08:00", "category": "heating-pipe"}
            data |= {"community": "620502001001"}
            event = an_event("scoring.rating.recorded.v1", data)
            record_rating(event, session=session, outbox=None, plan=plan)
    yield engine
    engine.dispose()


def rows(path, sheet: str) -> list[tuple]:
    return list(load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))


def test_the_command_writes_the_months_assessment_as_xlsx(database, tmp_path, capsys):
    out = tmp_path / "october.xlsx"
    argv = ["scoring", "export", "assessments", "2026-10", "--format", "xlsx", "-o", str(out)]
    assert main([*argv, "--scope", "community:620502001001"]) == 0
    assert "assessments 2026-10 community:620502001001 (final)" in capsys.readouterr().out
    header, housing, totals = rows(out, "assessments")
    found = dict(zip(header, housing, strict=True))
    assert (found["owner"], found["cases"], found["satisfaction"]) == ("department:housing", 5, 0)
    assert totals[:2] == ("合计 total", 5)
    assert main([*argv, "--scope", "community:620502001002"]) == 0
    assert len(rows(out, "assessments")) == 2  # a header and totals: no case there
    assert main(["scoring", "assess", "2026-10"]) == 0
    assert main(argv) == 0  # the district, closed: the score and the card it was given
    header, housing, _ = rows(out, "assessments")
    assert dict(zip(header, housing, strict=True))["yellow_card"] == "yes"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["ledger", "2026-10", "--scope", "street:nowhere"], "no scope 'street:nowhere'"),
        (["ledger", "2026-13"], "'2026-13' is no month"),
        (["ledger", "2026-10", "-o", "x.pdf"], "no format 'pdf'"),
    ],
)
def test_a_wrong_scope_month_or_format_is_refused(database, tmp_path, capsys, argv, said):
    if "-o" not in argv:
        argv = [*argv, "-o", str(tmp_path / "x.csv")]
    assert main(["scoring", "export", *argv]) == 2
    assert said in capsys.readouterr().err
