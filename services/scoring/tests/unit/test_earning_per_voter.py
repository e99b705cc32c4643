"""A rule whose `who` names a list field earns once per id in it: a closed council vote's
`voters`, each a registered person, on the real migrated database. An id not registered is
skipped (not an error), an id named twice earns once, and the same event again earns nothing."""

from datetime import UTC, datetime

from gongzhi.testing.units import migrated_session_fixture
from scoring import earning, ledger
from scoring.accounts import Person, open_account, policy_of, register
from scoring.config import Rule, Scoring

session = migrated_session_fixture("scoring")
CLOSED = "deliberation.vote.closed.v1"
SCORING = Scoring(
    roles=("volunteer", "party_member"),
    default_budget=1000,
    rules=(Rule("council_vote", CLOSED, "voters", 2, as_kind="person"),),
)
BOOK = earning.Book(SCORING, "620502001", policy_of(SCORING, "Asia/Shanghai"))
AT = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)


def closed(session, event_id: str, voters: list[str]) -> list[tuple[str, str | None]]:
    data = {"matter_id": "m-1", "carried": True, "voters": voters}
    found = earning.from_event(session, f"/deliberation/{event_id}", CLOSED, data, AT, BOOK)
    session.commit()
    return [(outcome, made and made.key) for outcome, made in found]


def balance_of(session, code: str) -> int:
    kind, _, holder = code.partition(":")
    return ledger.balance(session, open_account(session, kind, holder, AT).id)


def test_each_voter_earns_once_under_a_key_of_the_event_and_the_person(session):
    for person in ("p-1001", "p-1101"):
        register(session, Person(person, "620502001001", "party_member"), SCORING, AT)
    assert closed(session, "e1", ["p-1001", "p-1101", "p-1001"]) == [
        ("posted", "/deliberation/e1/council_vote/p-1001"),
        ("posted", "/deliberation/e1/council_vote/p-1101"),
    ]
    assert [outcome for outcome, _ in closed(session, "e1", ["p-1001", "p-1101"])] == [
        "again",
        "again",
    ]
    assert balance_of(session, "person:p-1001") == balance_of(session, "person:p-1101") == 2
    assert balance_of(session, "budget:620502001001") == -4
    assert ledger.verify(session) == []


def test_a_voter_not_registered_is_skipped_and_the_others_earn(session):
    register(session, Person("p-1001", "620502001001", "party_member"), SCORING, AT)
    found = closed(session, "e2", ["p-1001", "p-9999"])
    assert [outcome for outcome, _ in found] == ["posted", "unregistered"]
    assert balance_of(session, "person:p-1001") == 2


def test_a_vote_nobody_voted_in_earns_nothing(session):
    assert closed(session, "e3", []) == []


def test_a_single_id_keeps_the_rules_own_key():
    rule = Rule("helper", "intake.report.submitted.v1", "helper", 3, as_kind="person")
    assert earning.earners(rule, {"helper": "p-1"}, "/intake/e1/helper") == [
        ("p-1", "/intake/e1/helper")
    ]
