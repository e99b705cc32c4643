"""`gongzhi scoring assess MONTH` closes a month that has ended, as the timer does: each owner
scored once, a yellow card waiting in the outbox for one under the threshold; run again it
scores nobody; a month not yet ended, or no month, is refused."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongzhi.cli import main
from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.district import load_district
from gongzhi.testing.system import SAMPLE_DISTRICT
from gongzhi.testing.units import an_event
from scoring.assessment_facts import record_rating
from scoring.assessment_plan import plan_of
from scoring.model import outbox

HOUSING = {"kind": "department", "id": "housing"}


@pytest.fixture
def database(tmp_path, monkeypatch):
    """Scoring's database as the command finds it: SCORING_DATABASE_URL, migrated."""
    url = f"sqlite:///{tmp_path / 'scoring.db'}"
    monkeypatch.setenv("SCORING_DATABASE_URL", url)
    assert main(["db", "upgrade", "scoring"]) == 0
    engine = create_engine_for(DatabaseSettings(url, None))
    yield engine
    engine.dispose()


def unsatisfied_ratings(engine, count: int) -> None:
    plan = plan_of(load_district(SAMPLE_DISTRICT))
    with Session(engine) as session, session.begin():
        for n in range(count):
            data = {"issue_id": f"i-{n}", "verdict": "unsatisfied", "owner": HOUSING}
            data |= {"rated_at": "2026-10-05T09:00:00+08:00", "category": "heating-pipe"}
            event = an_event("scoring.rating.recorded.v1", data)
            record_rating(event, session=session, outbox=None, plan=plan)


def cards_waiting(engine) -> int:
    with engine.connect() as connection:
        return len(connection.execute(select(outbox.c.id)).all())


def test_an_ended_month_is_closed_once_with_its_cards(database, capsys):
    unsatisfied_ratings(database, 5)
    assert main(["scoring", "assess", "2026-10"]) == 0
    said = capsys.readouterr().out
    assert "department:housing 0 yellow card" in said
    assert "2026-10: 1 owners scored now, 1 yellow cards" in said
    assert cards_waiting(database) == 1
    assert main(["scoring", "assess", "2026-10"]) == 0
    assert "2026-10: 0 owners scored now, 0 yellow cards" in capsys.readouterr().out
    assert cards_waiting(database) == 1


@pytest.mark.parametrize("month", ["2999-01", "2026-13", "october"])
def test_a_month_not_ended_or_no_month_is_refused(database, capsys, month):
    assert main(["scoring", "assess", month]) == 2
    assert "is no month that has ended" in capsys.readouterr().err
    assert cards_waiting(database) == 0
