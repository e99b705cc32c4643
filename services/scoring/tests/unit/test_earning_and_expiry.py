"""Earning by the district's rules, expiry and anomaly flags, on the real migrated database:
rules earn only for the events and values they name, once per event; a resident's account
opens with its first points; a person's rule waits for registration; points expire oldest
first, once a day; an earner far above its community's norm is flagged once a month."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from gongzhi.testing.units import migrated_session_fixture
from scoring import anomalies, earning, expiry, ledger
from scoring.accounts import Person, open_account, policy_of, register
from scoring.config import Anomaly, Limits, Rule, Scoring
from scoring.model import flags

session = migrated_session_fixture("scoring")
SUBMITTED = "intake.report.submitted.v1"
RULES = (
    Rule("report", SUBMITTED, "reporter_ref", 2, when={"channel": ("app", "wechat")}),
    Rule("helper", SUBMITTED, "helper", 3, as_kind="person"),
)
SCORING = Scoring(
    roles=("volunteer",),
    limits={"resident": Limits(min_balance=0, daily_cap=4)},
    default_budget=1000,
    rules=RULES,
    anomaly=Anomaly(factor=3, min_points=20),
)
BOOK = earning.Book(SCORING, "620502001", policy_of(SCORING, "Asia/Shanghai"))
AT = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)


def report(session, event_id: str, at=AT, **data):
    fields = {"reporter_ref": "ref-1", "channel": "app", **data}
    found = earning.from_event(session, f"/intake/{event_id}", SUBMITTED, fields, at, BOOK)
    session.commit()
    return [outcome for outcome, _ in found]


def balance_of(session, code: str) -> int:
    kind, _, holder = code.partition(":")
    return ledger.balance(session, open_account(session, kind, holder, AT).id)


def test_a_rule_earns_for_the_values_it_names_once_per_event(session):
    assert report(session, "e1") == ["posted"]
    assert report(session, "e1") == ["again"]
    assert report(session, "e2", channel="hotline") == []
    assert report(session, "e3", reporter_ref=None) == []
    assert balance_of(session, "resident:ref-1") == 2
    assert balance_of(session, "budget:620502001") == -2


def test_a_residents_cap_refuses_the_earning_but_not_the_event(session):
    assert report(session, "e1") == report(session, "e2") == ["posted"]
    assert report(session, "e3") == ["daily_cap"]
    assert balance_of(session, "resident:ref-1") == 4


def test_a_persons_rule_waits_for_the_person_to_be_registered(session):
    assert report(session, "e1", helper="p-1") == ["posted", "unregistered"]
    register(session, Person("p-1", "620502001001", "volunteer"), SCORING, AT)
    assert report(session, "e2", helper="p-1") == ["posted", "posted"]
    assert balance_of(session, "person:p-1") == 3
    assert balance_of(session, "budget:620502001001") == -3  # the person's community pays


def test_points_expire_oldest_first_once_a_day(session):
    report(session, "e1", at=AT)  # 2 points, a year ago by the end
    report(session, "e2", at=AT + timedelta(days=200))  # 2 more, still young
    shop = open_account(session, "merchant", "m-1", AT)
    spend = (ledger.Leg("resident:ref-1", -1), ledger.Leg(shop.code, 1))
    ledger.post(session, ledger.Posting("o-1", "transfer", spend, "shop", AT), BOOK.policy)
    later = AT + timedelta(days=366)
    assert expiry.expire(session, later, 365, BOOK.policy) == 1  # 2 old, 1 of them spent
    assert expiry.expire(session, later + timedelta(hours=1), 365, BOOK.policy) == 0
    session.commit()
    assert balance_of(session, "resident:ref-1") == 2
    assert balance_of(session, "expiry") == 1
    assert ledger.verify(session) == []


def test_an_earner_far_above_its_communitys_norm_is_flagged_once_a_month(session):
    for n in range(3):
        report(session, f"quiet-{n}", reporter_ref=f"ref-{n + 10}")
    big = open_account(session, "resident", "ref-big", AT, role="resident")
    made = earning.Earning("k-1", big, 30, "bonus", "test", AT)
    policy = policy_of(Scoring(default_budget=1000), "Asia/Shanghai")
    assert earning.earn(session, made, earning.Book(SCORING, "620502001", policy)) == "posted"
    assert not anomalies.look(session, big, AT, BOOK)  # flagged once already
    session.commit()
    [flag] = session.execute(select(flags)).all()
    assert (flag.account_id, flag.month, flag.earned, flag.norm) == (big.id, "2026-12", 30, 2)
    month, _ = BOOK.policy.month_of(AT)
    assert anomalies.raised_since(session, month) == [(None, 1)]  # the metrics' count
    assert anomalies.raised_since(session, AT + timedelta(seconds=1)) == []
