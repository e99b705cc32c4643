"""Assessment's arithmetic: from what an owner's month holds (`Counts`) to its figures (rates in
[0, 1], none where nothing was there to count) and its score out of 100 by the district's
weights. Plain functions; the counting is assessment_views.py's, the facts assessment_facts.py's.

    >>> month = Counts(cases=6, responses=4, responses_on_time=4, replies=4, replies_on_time=3,
    ...                received=6, received_resolved=5, resolved=5, resolved_reopened=1,
    ...                ratings={"satisfied": 3, "unsatisfied": 1})
    >>> figures_of(month)["reply_on_time"]
    0.75
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from scoring.assessment_config import FIGURES, Assessment

VERDICTS = ("satisfied", "basically", "unsatisfied")
CONTENT = ("satisfied", "basically")  # satisfaction counts 满意 and 基本满意


@dataclass(frozen=True)
class Counts:
    """One owner's (or community's) month: the cases it had anything to do with, the clocks it
    stopped and how many on time, the cases it received and of those resolved by the month's
    end, the cases it resolved and of those reopened, and its ratings by verdict."""

    cases: int = 0
    responses: int = 0
    responses_on_time: int = 0
    replies: int = 0
    replies_on_time: int = 0
    received: int = 0
    received_resolved: int = 0
    resolved: int = 0
    resolved_reopened: int = 0
    ratings: Mapping[str, int] = field(default_factory=dict)


def figures_of(counts: Counts) -> dict[str, float | None]:
    """Each figure of FIGURES as a rate, None where its denominator is 0."""
    rated = sum(counts.ratings.values())
    content = sum(counts.ratings.get(verdict, 0) for verdict in CONTENT)
    return {
        "response_on_time": _rate(counts.responses_on_time, counts.responses),
        "reply_on_time": _rate(counts.replies_on_time, counts.replies),
        "resolution": _rate(counts.received_resolved, counts.received),
        "satisfaction": _rate(content, rated),
        "repeat": _rate(counts.resolved_reopened, counts.resolved),
    }


def score_of(figures: Mapping[str, float | None], assessment: Assessment) -> float | None:
    """The weighted mean of the figures there are, out of 100 (repeat counts as 1 - rate);
    None when no weighed figure has anything to count. Rounded to a tenth."""
    weighed = [
        (assessment.weights.get(name, 0.0), _goodness(name, figures[name]))
        for name in FIGURES
        if figures.get(name) is not None and assessment.weights.get(name, 0.0) > 0
    ]
    total = sum(weight for weight, _ in weighed)
    if not total:
        return None
    return round(100 * sum(weight * good for weight, good in weighed) / total, 1)


def month_score(counts: Counts, assessment: Assessment) -> float | None:
    """The score that counts: none for an owner with fewer than `min_cases` cases."""
    if counts.cases < assessment.min_cases:
        return None
    return score_of(figures_of(counts), assessment)


def earns_card(score: float | None, assessment: Assessment) -> bool:
    """A yellow card (黄牌警告): a score that counts, under the threshold."""
    return score is not None and score < assessment.threshold


def _goodness(name: str, rate: float | None) -> float:
    value = rate or 0.0
    return 1.0 - value if name == "repeat" else value


def _rate(part: int, whole: int) -> float | None:
    return min(part, whole) / whole if whole else None
