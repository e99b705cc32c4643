"""On PostgreSQL, concurrent postings to one account keep its limits: thirty earnings of one
point each from a budget of ten, at once, each in its own session, post exactly ten; the
budget ends at its floor and the ledger balances. (SQLite has one writer: the service's lock
serialises its units of work, so there is nothing to race.)"""

import os
import threading

import pytest
from sqlalchemy.orm import Session

from gongzhi.testing.units import migrated_session_fixture
from scoring import ledger
from scoring.accounts import open_account, policy_of
from scoring.config import Limits, Scoring
from scoring.ledger import Leg, Posting, Refused

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="the race is PostgreSQL's (DATABASE_URL)"
)
session = migrated_session_fixture("scoring")
SCORING = Scoring(
    roles=("volunteer",), limits={"volunteer": Limits(min_balance=0)}, budgets={"c1": 10}
)
POLICY = policy_of(SCORING, "Asia/Shanghai")
EARNINGS = 30


def test_concurrent_earnings_never_take_a_budget_past_its_floor(session):
    from datetime import UTC, datetime

    at = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
    budget = open_account(session, "budget", "c1", at, community="c1")
    people = [open_account(session, "person", f"p-{n}", at, role="volunteer") for n in range(5)]
    session.commit()
    outcomes: list[str] = []
    start = threading.Barrier(EARNINGS)

    def earn(n: int) -> None:
        legs = (Leg(budget.code, -1), Leg(people[n % 5].code, 1))
        with Session(session.get_bind()) as mine:
            start.wait()
            try:
                ledger.post(mine, Posting(f"ev-{n}", "earn", legs, "t", at), POLICY)
                mine.commit()
                outcomes.append("posted")
            except Refused as refused:
                outcomes.append(refused.code)

    threads = [threading.Thread(target=earn, args=(n,)) for n in range(EARNINGS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["min_balance"] * 20 + ["posted"] * 10
    assert ledger.balance(session, budget.id) == -10
    assert ledger.verify(session) == []
