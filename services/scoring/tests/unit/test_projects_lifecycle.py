"""A project's life on the real migrated database: published, claimed by the right kind of
claimant once, done, rated by the resident who ordered it, its points posted once from the
community's budget; the wrong claimant, a second claim, a rating before done, another
resident's rating and an earning over a cap are refused and change nothing; unsatisfied sends
it back to its claimant. A confirmed project counts in its claimant's month (rankings)."""

from datetime import UTC, datetime

import pytest

from gongzhi.testing.units import migrated_session_fixture
from gongzhi.web import HttpError
from scoring import boards, earning, ledger, projects
from scoring.accounts import Person, open_account, open_holder, policy_of, register
from scoring.config import Limits, Scoring

session = migrated_session_fixture("scoring")
SCORING = Scoring(
    roles=("volunteer", "resident_rep"),
    limits={"volunteer": Limits(min_balance=0, daily_cap=15)},
    default_budget=1000,
)
BOOK = earning.Book(SCORING, "d1", policy_of(SCORING, "Asia/Shanghai"), frozenset({"c1", "c2"}))
AT = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
ME = projects.Claimant("person", "p-1")


@pytest.fixture
def ready(session):
    register(session, Person("p-1", "c1", "volunteer"), SCORING, AT)
    register(session, Person("p-2", "c1", "resident_rep"), SCORING, AT)
    register(session, Person("p-3", "c2", "volunteer"), SCORING, AT)
    open_holder(session, "organisation", "o-1", "c1", AT)
    session.commit()
    return session


def publish(session, kind="basic", points=10) -> int:
    need = projects.Need(kind, "帮独居老人买菜", points, "ref-1")
    return projects.publish(session, "c1", need, "c1", AT, BOOK).id


def refused(status: int, code: str, step, *args) -> None:
    with pytest.raises(HttpError) as error:
        step(*args)
    assert (error.value.status, error.value.code) == (status, code)


def balance(session, code: str) -> int:
    kind, _, holder = code.partition(":")
    return ledger.balance(session, open_account(session, kind, holder, AT).id)


def test_a_basic_project_is_claimed_done_rated_and_its_points_posted_once(ready):
    number = publish(ready)
    assert projects.claim(ready, number, ME, AT, BOOK).status == "claimed"
    refused(409, "claimed", projects.claim, ready, number, ME, AT, BOOK)
    refused(409, "not_done", projects.rate, ready, number, "ref-1", "satisfied", AT, BOOK)
    refused(
        403,
        "not_claimant",
        projects.report_done,
        ready,
        number,
        projects.Claimant("person", "p-3"),
        AT,
    )
    assert projects.report_done(ready, number, ME, AT).status == "done"
    refused(403, "not_orderer", projects.rate, ready, number, "ref-2", "satisfied", AT, BOOK)
    done = projects.rate(ready, number, "ref-1", "basically", AT, BOOK)
    assert (done.status, done.verdict) == ("confirmed", "basically")
    refused(409, "not_done", projects.rate, ready, number, "ref-1", "satisfied", AT, BOOK)
    assert balance(ready, "person:p-1") == 10
    assert balance(ready, "budget:c1") == -10
    board = boards.board(ready, BOOK, "c1", "2026-12")
    assert board["figures"]["projects"] == 1
    assert [(p.standing.person, p.standing.projects) for p in board["volunteers"]] == [("p-1", 1)]


def test_the_wrong_kind_of_claimant_is_refused(ready):
    basic, key = publish(ready), publish(ready, "key")
    organisation = projects.Claimant("organisation", "o-1")
    refused(403, "wrong_claimant", projects.claim, ready, basic, organisation, AT, BOOK)
    refused(403, "wrong_claimant", projects.claim, ready, key, ME, AT, BOOK)
    refused(
        403,
        "wrong_claimant",
        projects.claim,
        ready,
        basic,
        projects.Claimant("person", "p-2"),
        AT,
        BOOK,
    )
    refused(
        403,
        "another_community",
        projects.claim,
        ready,
        basic,
        projects.Claimant("person", "p-3"),
        AT,
        BOOK,
    )
    refused(
        404, "not_found", projects.claim, ready, basic, projects.Claimant("person", "p-9"), AT, BOOK
    )
    assert projects.get(ready, basic).status == "open"
    assert projects.claim(ready, key, organisation, AT, BOOK).claimant == "organisation:o-1"


def test_unsatisfied_sends_it_back_and_a_cap_refuses_the_points_naming_it(ready):
    number = publish(ready, points=20)
    projects.claim(ready, number, ME, AT, BOOK)
    projects.report_done(ready, number, ME, AT)
    again = projects.rate(ready, number, "ref-1", "unsatisfied", AT, BOOK)
    assert (again.status, again.verdict, again.done_at) == ("claimed", "unsatisfied", None)
    projects.report_done(ready, number, ME, AT)
    ready.commit()
    refused(409, "daily_cap", projects.rate, ready, number, "ref-1", "satisfied", AT, BOOK)
    ready.rollback()
    assert projects.get(ready, number).status == "done"
    assert balance(ready, "person:p-1") == 0
