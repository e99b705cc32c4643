"""The rankings' formulas without a database: a board is ordered by points, most first; equal
points share a rank and are listed by person id whatever order they came in; a public board
never lists anyone who did not agree; the pioneer index is the weighted sum of the month; a
community's stars are the highest level it reaches in every figure."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from scoring.rankings import (
    Standing,
    by_points,
    masked,
    pioneer_index,
    public,
    ranked,
    shown_as,
    stars,
)
from scoring.rankings_config import Pioneer, StarLevel

people = st.lists(
    st.builds(
        Standing,
        person=st.text("abcdefgh0123456789-", min_size=1, max_size=8),
        community=st.just("c1"),
        grid=st.none(),
        role=st.just("volunteer"),
        shown=st.booleans(),
        points=st.integers(0, 50),
    ),
    unique_by=lambda s: s.person,
    max_size=40,
)


@given(people, st.randoms())
def test_a_board_is_by_points_and_ties_share_a_rank_listed_by_id(standings, random):
    board = ranked(standings, by_points)
    shuffled = list(standings)
    random.shuffle(shuffled)
    assert ranked(shuffled, by_points) == board
    for before, after in itertools.pairwise(board):
        assert before.score >= after.score
        if before.score == after.score:
            assert before.standing.person < after.standing.person
            assert before.rank == after.rank
        else:
            assert after.rank == board.index(after) + 1
    assert {p.standing for p in board} == set(standings)


@given(people, st.integers(1, 50))
def test_a_public_board_lists_only_those_who_agreed(standings, size):
    board = ranked(standings, by_points)
    shown = public(board, size)
    assert all(p.standing.shown for p in shown)
    agreed = [p for p in board if p.standing.shown]
    assert shown == agreed[:size]


def test_ranks_of_ties_are_shared_and_the_next_skips():
    made = [Standing(p, "c1", None, "volunteer", points=n) for p, n in (("b", 5), ("a", 5))]
    board = ranked([*made, Standing("c", "c1", None, "volunteer", points=9)], by_points)
    assert [(p.rank, p.standing.person) for p in board] == [(1, "c"), (2, "a"), (2, "b")]
    board = ranked([*made, Standing("c", "c1", None, "volunteer", points=1)], by_points)
    assert [(p.rank, p.standing.person) for p in board] == [(1, "a"), (1, "b"), (3, "c")]


def test_the_pioneer_index_weighs_each_figure_of_the_month():
    weights = {"points": 1.0, "claims": 2.0, "projects": 5.0, "votes": 0.5}
    member = Standing("p1", "c1", None, "party_member", points=30, claims=2, projects=1, votes=3)
    assert pioneer_index(member, Pioneer(weights=weights)) == 30 + 4 + 5 + 1.5
    assert pioneer_index(member, Pioneer(weights={"projects": 10})) == 10


@given(st.integers(0, 1000), st.integers(0, 100))
def test_a_community_has_the_most_stars_whose_every_minimum_it_reaches(points, active):
    levels = (
        StarLevel(1, {"points": 100}),
        StarLevel(2, {"points": 300, "active": 10}),
        StarLevel(3, {"points": 800, "active": 40}),
    )
    got = stars({"points": points, "active": active}, levels)
    reached = [0] + [
        level.stars
        for level in levels
        if points >= level.minimums["points"] and active >= level.minimums.get("active", 0)
    ]
    assert got == max(reached)


def test_a_person_is_shown_by_alias_or_a_masked_id_never_the_id():
    assert shown_as(Standing("p-1001", "c1", None, "volunteer", alias="热心大姐")) == "热心大姐"
    assert shown_as(Standing("p-1001", "c1", None, "volunteer")) == "p-***01"
    for person in ("p-1001", "ab", "x", "abcdef"):
        assert masked(person) != person
