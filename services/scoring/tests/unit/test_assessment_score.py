"""A month's figures are rates in [0, 1] and its score lies in [0, 100]; the score rises with
each figure (falls with the repeat rate), counts only past min_cases, and a counted score under
the threshold earns a yellow card."""

from hypothesis import given
from hypothesis import strategies as st

from scoring.assessment import Counts, earns_card, figures_of, month_score, score_of
from scoring.assessment_config import FIGURES, Assessment

DEFAULT = Assessment()
rates = st.one_of(st.none(), st.floats(0, 1))
figure_sets = st.fixed_dictionaries(dict.fromkeys(FIGURES, rates))


@st.composite
def counts(draw) -> Counts:
    def part_of() -> tuple[int, int]:
        whole = draw(st.integers(0, 50))
        return draw(st.integers(0, whole)), whole

    (on_time, responses), (replied, replies) = part_of(), part_of()
    (resolved_of, received), (reopened, resolved) = part_of(), part_of()
    verdicts = st.sampled_from(("satisfied", "basically", "unsatisfied"))
    ratings = draw(st.dictionaries(verdicts, st.integers(0, 20)))
    return Counts(
        draw(st.integers(0, 60)),
        responses,
        on_time,
        replies,
        replied,
        received,
        resolved_of,
        resolved,
        reopened,
        ratings,
    )


@given(counts())
def test_every_figure_is_a_rate_or_none(month):
    assert all(rate is None or 0 <= rate <= 1 for rate in figures_of(month).values())


@given(figure_sets)
def test_a_score_lies_between_0_and_100(figures):
    score = score_of(figures, DEFAULT)
    assert score is None or 0 <= score <= 100
    assert (score is None) == all(rate is None for rate in figures.values())


@given(figure_sets, st.sampled_from(FIGURES), st.floats(0, 1), st.floats(0, 1))
def test_the_score_rises_with_each_figure_and_falls_with_repeats(figures, name, low, high):
    low, high = sorted((low, high))
    worse, better = (
        score_of({**figures, name: low}, DEFAULT),
        score_of({**figures, name: high}, DEFAULT),
    )
    assert worse is not None
    assert better is not None
    if name == "repeat":
        assert better <= worse
    else:
        assert worse <= better


def test_weights_are_the_districts():
    figures = {"response_on_time": 1.0, "reply_on_time": 1.0, "resolution": 1.0}
    figures |= {"satisfaction": 0.5, "repeat": 0.0}
    assert score_of(figures, DEFAULT) == 85.0  # 20 + 20 + 20 + 15 + 10
    only_satisfaction = Assessment(weights={"satisfaction": 1})
    assert score_of(figures, only_satisfaction) == 50.0


def test_a_figure_with_nothing_to_count_leaves_the_score():
    assert score_of({"satisfaction": 0.7, "repeat": None}, DEFAULT) == 70.0


def test_a_month_of_too_few_cases_is_not_scored_nor_carded():
    month = Counts(cases=4, replies=4, replies_on_time=0)
    assert month_score(month, DEFAULT) is None
    assert not earns_card(month_score(month, DEFAULT), DEFAULT)
    assert month_score(Counts(cases=5, replies=4, replies_on_time=3), DEFAULT) == 75.0


def test_a_card_is_under_the_threshold_alone():
    assert earns_card(79.9, DEFAULT)
    assert not earns_card(80.0, DEFAULT)
    assert earns_card(89.0, Assessment(threshold=90))


def test_satisfaction_counts_basically_satisfied_as_content():
    month = Counts(cases=4, ratings={"satisfied": 1, "basically": 2, "unsatisfied": 1})
    assert figures_of(month)["satisfaction"] == 0.75
