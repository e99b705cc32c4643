"""A community's month as a board, on the real migrated database: people ranked by the points
they earned in the district's month (in Asia/Shanghai, not UTC), another community's or month's
earnings left out; a grid narrows it; party members by pioneer index with their approved claims
and rewarded votes; stars from the community's figures; the public board shows only people who
agreed, by alias or masked id; an alias with a phone number is refused."""

from datetime import UTC, datetime

import pytest

from gongzhi.testing.units import migrated_session_fixture
from gongzhi.web import HttpError
from scoring import boards, claims, earning
from scoring.accounts import Person, consent, open_account, policy_of, register
from scoring.config import Activity, Limits, Scoring
from scoring.ledger import Refused
from scoring.rankings_config import Pioneer, Rankings, StarLevel

session = migrated_session_fixture("scoring")
RANKINGS = Rankings(
    roles=("volunteer", "party_member"),
    board_size=2,
    pioneer=Pioneer(
        roles=("party_member",),
        weights={"points": 1, "claims": 10, "votes": 2},
        vote_rules=("vote",),
    ),
    stars=(StarLevel(1, {"points": 10}), StarLevel(2, {"points": 20, "active": 3})),
)
SCORING = Scoring(
    roles=("volunteer", "party_member"),
    limits={"volunteer": Limits(min_balance=0)},
    default_budget=10_000,
    activities={"patrol": Activity("巡查", 3)},
    rankings=RANKINGS,
)
BOOK = earning.Book(
    SCORING, "620502001", policy_of(SCORING, "Asia/Shanghai"), frozenset({"c1", "c2", "g1", "g2"})
)
DEC = datetime(2026, 12, 10, 4, 0, tzinfo=UTC)
PEOPLE = (
    ("p-a", "c1", "g1", "volunteer"),
    ("p-b", "c1", "g1", "volunteer"),
    ("p-c", "c1", "g2", "party_member"),
    ("p-d", "c2", None, "volunteer"),
)


@pytest.fixture
def registered(session):
    for person, community, grid, role in PEOPLE:
        register(session, Person(person, community, role, grid), SCORING, DEC, BOOK.communities)
    session.commit()
    return session


def earn(session, person: str, points: int, at=DEC, rule="report") -> None:
    earner = open_account(session, "person", person, at)
    key = f"{person}/{points}/{at.isoformat()}/{rule}"
    earning.earn(session, earning.Earning(key, earner, points, rule, "test", at), BOOK)
    session.commit()


def ranks(board: dict, name: str = "volunteers") -> list[tuple[int, str, int]]:
    return [(p.rank, p.standing.person, p.standing.points) for p in board[name]]


def test_people_are_ranked_by_what_they_earned_in_the_districts_month(registered):
    earn(registered, "p-a", 5)
    earn(registered, "p-b", 9)
    earn(registered, "p-c", 5)
    earn(registered, "p-d", 50)  # another community
    earn(registered, "p-a", 7, at=datetime(2026, 11, 30, 16, 30, tzinfo=UTC))  # 1 Dec, 00:30
    earn(registered, "p-b", 40, at=datetime(2026, 11, 30, 15, 30, tzinfo=UTC))  # 30 Nov
    board = boards.board(registered, BOOK, "c1", "2026-12")
    assert ranks(board) == [(1, "p-a", 12), (2, "p-b", 9), (3, "p-c", 5)]
    assert board["figures"] == {"points": 26, "active": 3, "claims": 0, "projects": 0}
    assert board["stars"] == 2
    november = boards.board(registered, BOOK, "c1", "2026-11")
    assert (ranks(november), november["stars"]) == ([(1, "p-b", 40)], 1)


def test_a_grid_narrows_the_board_and_ranks_its_people_among_themselves(registered):
    earn(registered, "p-a", 5)
    earn(registered, "p-c", 9)
    board = boards.board(registered, BOOK, "c1", "2026-12", grid="g1")
    assert ranks(board) == [(1, "p-a", 5)]
    assert board["figures"]["points"] == 14  # stars are the community's


def test_party_members_rank_by_the_pioneer_index_of_their_month(registered):
    register(registered, Person("p-e", "c1", "party_member"), SCORING, DEC)
    earn(registered, "p-c", 5, rule="vote")
    earn(registered, "p-e", 20)
    made, _ = claims.claim(registered, claims.Claim("p-c", "patrol", 2), "app", DEC, BOOK)
    claims.decide(registered, made.id, "c1", True, None, DEC, BOOK)
    registered.commit()
    board = boards.board(registered, BOOK, "c1", "2026-12")
    pioneers = [(p.rank, p.standing.person, p.score) for p in board["pioneers"]]
    assert pioneers == [(1, "p-c", 11 + 10 + 2), (2, "p-e", 20)]


def test_the_public_board_shows_only_who_agreed_by_alias_or_a_masked_id(registered):
    for person, points in (("p-a", 5), ("p-b", 9), ("p-c", 7)):
        earn(registered, person, points)
    consent(registered, "p-a", True, "热心大姐")
    consent(registered, "p-c", True, None)
    registered.commit()
    found = boards.board(registered, BOOK, "c1", "2026-12")
    shown = boards.public_view(found, RANKINGS.board_size)
    names = [(p["rank"], p["name"], p["points"]) for p in shown["volunteers"]]
    assert names == [(2, "p***c", 7), (3, "热心大姐", 5)]
    consent(registered, "p-a", False, None)
    found = boards.board(registered, BOOK, "c1", "2026-12")
    shown = boards.public_view(found, RANKINGS.board_size)
    assert [p["name"] for p in shown["volunteers"]] == ["p***c"]
    assert "p-a" not in repr(shown)
    assert "p-b" not in repr(shown)


def test_an_alias_with_personal_data_or_an_unknown_person_is_refused(registered):
    with pytest.raises(Refused) as refused:
        consent(registered, "p-a", True, "张 13800138000")
    assert refused.value.code == "personal_alias"
    with pytest.raises(Refused) as refused:
        consent(registered, "p-9", True, None)
    assert refused.value.code == "not_found"


def test_a_month_that_is_no_month_is_not_found(registered):
    for month in ("2026-13", "26-12", "2026-1", "latest"):
        with pytest.raises(HttpError) as refused:
            boards.board(registered, BOOK, "c1", month)
        assert refused.value.status == 404
