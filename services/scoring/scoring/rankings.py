"""Rankings and honours (point 6 of issue 14), as plain functions over a month's figures:

- the volunteers' board: people by the points they earned in the month, most first;
- the party member pioneer index (先锋指数): each figure of the month times its weight;
- community stars (星级): the highest level whose every minimum the community's month reaches.

Ties share a rank (1, 2, 2, 4) and are listed by person id, so the same figures always give
the same board. A public board lists only people who agreed to be shown, under the alias they
chose or a masked id, never a name (scoring keeps none)."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from scoring.rankings_config import PERSON_FIGURES, Pioneer, StarLevel


@dataclass(frozen=True)
class Standing:
    """One person's month."""

    person: str
    community: str
    grid: str | None
    role: str
    shown: bool = False
    alias: str | None = None
    points: int = 0
    claims: int = 0
    projects: int = 0
    votes: int = 0


@dataclass(frozen=True)
class Placed:
    rank: int
    score: float
    standing: Standing


def ranked(standings: Iterable[Standing], score: Callable[[Standing], float]) -> list[Placed]:
    """Highest score first; equal scores share the rank of the first of them, by person id.

    >>> [p.rank for p in ranked([Standing("b", "c", None, "v", points=5),
    ...     Standing("a", "c", None, "v", points=5), Standing("c", "c", None, "v", points=9)],
    ...     by_points)]
    [1, 2, 2]
    """
    order = sorted((-score(s), s.person, s) for s in standings)  # ids are unique: no tie left
    placed: list[Placed] = []
    for n, (value, _, standing) in enumerate(order, start=1):
        rank = placed[-1].rank if placed and placed[-1].score == -value else n
        placed.append(Placed(rank, -value, standing))
    return placed


def by_points(standing: Standing) -> float:
    return standing.points


def pioneer_index(standing: Standing, pioneer: Pioneer) -> float:
    """The weighted sum of the month's figures, e.g. 30 points and 2 claims at weights 1 and 2:
    34.0."""
    total = sum(pioneer.weights.get(name, 0.0) * getattr(standing, name) for name in PERSON_FIGURES)
    return round(total, 2)


def stars(figures: Mapping[str, int], levels: Iterable[StarLevel]) -> int:
    """The most stars among the levels the figures reach; 0 when none."""
    reached = [
        level.stars
        for level in levels
        if all(figures.get(name, 0) >= least for name, least in level.minimums.items())
    ]
    return max(reached, default=0)


def public(placed: Iterable[Placed], size: int) -> list[Placed]:
    """The first `size` of those who agreed to be shown, with their rank among everyone."""
    return [p for p in placed if p.standing.shown][:size]


def shown_as(standing: Standing) -> str:
    """The alias the person chose, else their id masked: p-1001 → p-***01."""
    return standing.alias or masked(standing.person)


def masked(person: str) -> str:
    keep = 2 if len(person) > 4 else 1
    head = person[:keep] if len(person) > 2 * keep else ""
    return f"{head}***{person[-keep:]}"
