"""A project's life on the real migrated database: published, claimed by the right kind of
claimant once, done, rated by the resident who ordered it, its points posted once from the
community's budget; the wrong claimant, a second claim, a rating before done, another
resident's rating and an earning over a cap are refused and change nothing; unsatisfied sends
it back to its claimant. A confirmed project counts in its claimant's month (rankings). Staff
lists find projects at every step, newest first, by community, status and kind."""

from datetime import UTC, datetime

import pytest

from gongzhi.testing.units import FakeClock, migrated_session_fixture, outbox_events, outbox_for
from gongzhi.web import HttpError
from scoring import boards, earning, ledger, model, projects
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


def outbox(session):
    return outbox_for(session, model.metadata, FakeClock(AT), service="scoring")


def claim(session, number, who=ME):
    return projects.claim(session, number, who, AT, BOOK, outbox(session))


def done(session, number, who=ME):
    return projects.report_done(session, number, who, AT, outbox(session))


def rate(session, number, verdict="satisfied", resident="ref-1"):
    rating = projects.Rating(resident, verdict)
    return projects.rate(session, number, rating, AT, BOOK, outbox(session))


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
    assert claim(ready, number).status == "claimed"
    refused(409, "claimed", claim, ready, number)
    refused(409, "not_done", rate, ready, number)
    refused(403, "not_claimant", done, ready, number, projects.Claimant("person", "p-3"))
    assert done(ready, number).status == "done"
    refused(403, "not_orderer", rate, ready, number, "satisfied", "ref-2")
    rated = rate(ready, number, "basically")
    assert (rated.status, rated.verdict) == ("confirmed", "basically")
    refused(409, "not_done", rate, ready, number)
    assert balance(ready, "person:p-1") == 10
    assert balance(ready, "budget:c1") == -10
    board = boards.board(ready, BOOK, "c1", "2026-12")
    assert board["figures"]["projects"] == 1
    assert [(p.standing.person, p.standing.projects) for p in board["volunteers"]] == [("p-1", 1)]


def test_each_step_is_an_event_for_the_community_with_no_personal_data(ready):
    number = publish(ready)
    claim(ready, number)
    done(ready, number)
    rate(ready, number)
    events = outbox_events(ready, model.metadata)
    assert [e.type for e in events] == [
        "scoring.project.claimed.v1",
        "scoring.project.done.v1",
        "scoring.project.rated.v1",
    ]
    rated = events[-1].data
    assert (rated["owner"], rated["claimant"]) == (
        {"kind": "community", "id": "c1"},
        {"kind": "person", "id": "p-1"},
    )
    assert (rated["status"], rated["verdict"], rated["points"]) == ("confirmed", "satisfied", 10)
    assert "ref-1" not in repr([e.data for e in events])


def test_the_wrong_kind_of_claimant_is_refused(ready):
    basic, key = publish(ready), publish(ready, "key")
    organisation = projects.Claimant("organisation", "o-1")
    refused(403, "wrong_claimant", claim, ready, basic, organisation)
    refused(403, "wrong_claimant", claim, ready, key, ME)
    refused(403, "wrong_claimant", claim, ready, basic, projects.Claimant("person", "p-2"))
    refused(403, "another_community", claim, ready, basic, projects.Claimant("person", "p-3"))
    refused(404, "not_found", claim, ready, basic, projects.Claimant("person", "p-9"))
    assert projects.get(ready, basic).status == "open"
    assert outbox_events(ready, model.metadata) == []
    assert claim(ready, key, organisation).claimant == "organisation:o-1"


def test_unsatisfied_sends_it_back_and_a_cap_refuses_the_points_naming_it(ready):
    number = publish(ready, points=20)
    claim(ready, number)
    done(ready, number)
    again = rate(ready, number, "unsatisfied")
    assert (again.status, again.verdict, again.done_at) == ("claimed", "unsatisfied", None)
    done(ready, number)
    ready.commit()
    refused(409, "daily_cap", rate, ready, number)
    ready.rollback()
    assert projects.get(ready, number).status == "done"
    assert balance(ready, "person:p-1") == 0


def test_staff_lists_find_projects_at_every_step_newest_first(ready):
    opened, keyed, sent_back = publish(ready), publish(ready, "key"), publish(ready)
    claim(ready, keyed, projects.Claimant("organisation", "o-1"))
    claim(ready, sent_back)
    done(ready, sent_back)
    rate(ready, sent_back, "unsatisfied")
    need = projects.Need("basic", "修路灯", 5, "ref-3")
    elsewhere = projects.publish(ready, "c2", need, "c2", AT, BOOK).id

    def listed(**wanted):
        return projects.listed(ready, **{"community": None, "status": None, "kind": None, **wanted})

    assert [p.id for p in listed()] == [elsewhere, sent_back, keyed, opened]
    assert [p.id for p in listed(community="c1")] == [sent_back, keyed, opened]
    assert [(p.id, p.verdict) for p in listed(community="c1", status="claimed")] == [
        (sent_back, "unsatisfied"),
        (keyed, None),
    ]
    assert [p.id for p in listed(status="claimed", kind="key")] == [keyed]
    assert listed(community="c2", status="claimed") == []
