"""Each refusal of the ledger, on the real migrated database: it names the rule (the cap, the
limit), writes nothing, and the database itself refuses to change or remove what was posted."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, exc, func, select, text, update

from gongzhi.testing.units import migrated_session_fixture
from scoring import ledger
from scoring.accounts import Person, open_account, policy_of, register
from scoring.config import Limits, Scoring
from scoring.ledger import Leg, Posting, Refused
from scoring.model import checkpoints, legs, transactions

session = migrated_session_fixture("scoring")
SCORING = Scoring(
    roles=("volunteer", "party_member"),
    limits={"volunteer": Limits(min_balance=0, max_balance=100, daily_cap=20, monthly_cap=50)},
    budgets={"620502001001": 1000},
)
POLICY = policy_of(SCORING, "Asia/Shanghai")
NOON = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)  # 12:00 in Xiguan


@pytest.fixture
def ledger_of(session):
    """A community's budget and two volunteers, p-1 and p-2."""
    open_account(session, "budget", "620502001001", NOON, community="620502001001")
    for person in ("p-1", "p-2"):
        register(session, Person(person, "620502001001", "volunteer"), SCORING, NOON)
    session.commit()
    return session


def earn(session, person: str, points: int, at=NOON, key=None) -> tuple[int, bool]:
    legs_ = (Leg("budget:620502001001", -points), Leg(f"person:{person}", points))
    posting = Posting(key or f"ev-{at.isoformat()}-{person}-{points}", "earn", legs_, "t", at)
    done = ledger.post(session, posting, POLICY)
    session.commit()
    return done


def refused(session, posting: Posting) -> Refused:
    before = session.scalar(select(func.count()).select_from(legs))
    with pytest.raises(Refused) as raised:
        ledger.post(session, posting, POLICY)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(legs)) == before
    return raised.value


def test_an_earning_past_the_daily_cap_is_refused_naming_the_cap(ledger_of):
    earn(ledger_of, "p-1", 15)
    legs_ = (Leg("budget:620502001001", -6), Leg("person:p-1", 6))
    why = refused(ledger_of, Posting("ev-x", "earn", legs_, "t", NOON + timedelta(hours=1)))
    assert why.code == "daily_cap"
    assert "daily_cap 20" in why.message
    tomorrow = NOON + timedelta(hours=13)  # 01:00 the next day in Xiguan
    assert earn(ledger_of, "p-1", 6, at=tomorrow)[1]


def test_an_earning_past_the_monthly_cap_is_refused_naming_the_cap(ledger_of):
    for day in range(3):
        earn(ledger_of, "p-1", 15, at=NOON + timedelta(days=day))
    legs_ = (Leg("budget:620502001001", -6), Leg("person:p-1", 6))
    why = refused(ledger_of, Posting("ev-y", "earn", legs_, "t", NOON + timedelta(days=3)))
    assert (why.code, "monthly_cap 50" in why.message) == ("monthly_cap", True)


def test_a_spend_under_the_minimum_balance_is_refused(ledger_of):
    earn(ledger_of, "p-1", 10)
    merchant = open_account(ledger_of, "merchant", "shop-1", NOON)
    spend = (Leg("person:p-1", -11), Leg(merchant.code, 11))
    assert refused(ledger_of, Posting("o-1", "transfer", spend, "t", NOON)).code == "min_balance"


def test_a_movement_over_the_maximum_balance_is_refused(ledger_of):
    gift = (Leg("budget:620502001001", -101), Leg("person:p-1", 101))
    why = refused(ledger_of, Posting("g-1", "transfer", gift, "t", NOON))
    assert (why.code, "maximum 100" in why.message) == ("max_balance", True)


def test_a_budget_never_issues_more_than_it_has(ledger_of):
    open_account(ledger_of, "organisation", "org-1", NOON)
    legs_ = (Leg("budget:620502001001", -1001), Leg("organisation:org-1", 1001))
    assert refused(ledger_of, Posting("ev-z", "earn", legs_, "t", NOON)).code == "min_balance"


def test_unbalanced_or_unknown_legs_are_refused(ledger_of):
    one_sided = (Leg("budget:620502001001", -5), Leg("person:p-1", 4))
    assert refused(ledger_of, Posting("a", "earn", one_sided, "t", NOON)).code == "unbalanced"
    lonely = (Leg("person:p-1", 5),)
    assert refused(ledger_of, Posting("b", "earn", lonely, "t", NOON)).code == "unbalanced"
    nobody = (Leg("budget:620502001001", -5), Leg("person:p-9", 5))
    assert refused(ledger_of, Posting("c", "earn", nobody, "t", NOON)).code == "unknown_account"


def test_the_same_key_posts_once(ledger_of):
    first = earn(ledger_of, "p-1", 5, key="ev-1/report")
    assert earn(ledger_of, "p-1", 5, key="ev-1/report") == (first[0], False)
    assert ledger.balance(ledger_of, open_account(ledger_of, "person", "p-1", NOON).id) == 5


def test_a_person_registered_again_elsewhere_is_refused(ledger_of):
    assert not register(ledger_of, Person("p-1", "620502001001", "volunteer"), SCORING, NOON)
    with pytest.raises(Refused) as moved:
        register(ledger_of, Person("p-1", "620502001002", "volunteer"), SCORING, NOON)
    assert moved.value.code == "registered"
    with pytest.raises(Refused) as unknown:
        register(ledger_of, Person("p-3", "620502001001", "mayor"), SCORING, NOON)
    assert unknown.value.code == "unknown_role"


@pytest.mark.parametrize("table", [transactions, legs, checkpoints])
def test_the_database_refuses_to_change_or_remove_the_ledger(ledger_of, table):
    earn(ledger_of, "p-1", 5)
    ledger.checkpoint(ledger_of, open_account(ledger_of, "person", "p-1", NOON).id, NOON)
    ledger_of.commit()
    for statement in (update(table).values(at=NOON), delete(table)):
        with pytest.raises(exc.IntegrityError, match="append-only"):
            ledger_of.execute(statement)
        ledger_of.rollback()
    if ledger_of.get_bind().dialect.name == "postgresql":
        with pytest.raises(exc.IntegrityError, match="append-only"):
            ledger_of.execute(text(f"TRUNCATE {table.name} CASCADE"))
        ledger_of.rollback()


def test_a_posting_past_many_legs_appends_a_checkpoint_so_balances_stay_short(
    ledger_of, monkeypatch
):
    monkeypatch.setattr(ledger, "CHECKPOINT_EVERY", 3)
    budget = open_account(ledger_of, "budget", "620502001001", NOON).id
    for n in range(7):
        earn(ledger_of, ("p-1", "p-2")[n % 2], 1, key=f"k-{n}")
    marks = ledger_of.execute(select(checkpoints).where(checkpoints.c.account_id == budget)).all()
    assert [(m.legs, m.balance) for m in marks] == [(3, -3), (6, -6)]
    assert ledger.balance(ledger_of, budget) == ledger.summed(ledger_of, budget) == -7
    assert ledger.verify(ledger_of) == []


def test_a_checkpoint_keeps_the_balance_and_verifies(ledger_of):
    account = open_account(ledger_of, "person", "p-2", NOON).id
    for n in range(1, 4):
        earn(ledger_of, "p-2", n)
        assert ledger.checkpoint(ledger_of, account, NOON)
    assert not ledger.checkpoint(ledger_of, account, NOON)  # nothing new since
    earn(ledger_of, "p-2", 4)
    assert ledger.balance(ledger_of, account) == ledger.summed(ledger_of, account) == 10
    assert ledger.verify(ledger_of) == []
