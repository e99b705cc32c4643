"""A community's month as a board: its stars and figures, its volunteers by points and its party
members by pioneer index, for staff (everyone, by id) or for the public (only those who agreed
to be shown, by alias or masked id, the first `board_size`). A grid's board is its community's
rankings narrowed to the people of the grid, ranked among themselves."""

from typing import Any

from sqlalchemy.orm import Session

from scoring import rankings, standings
from scoring.earning import Book
from scoring.rankings import Placed, Standing


def board(
    session: Session, book: Book, community: str, month_name: str, grid: str | None = None
) -> dict[str, Any]:
    """Everything of the month, every person placed."""
    config = book.scoring.rankings
    month = standings.month_of(month_name, book.policy)
    everyone = standings.standings(session, month, community, config.pioneer.vote_rules)
    figures = standings.community_figures(everyone)
    people = [s for s in everyone if grid is None or s.grid == grid]
    volunteers = [s for s in people if not config.roles or s.role in config.roles]
    pioneers = [s for s in people if s.role in config.pioneer.roles]
    return {
        "community": community,
        "month": month.name,
        "grid": grid,
        "stars": rankings.stars(figures, config.stars),
        "figures": figures,
        "volunteers": rankings.ranked(volunteers, rankings.by_points),
        "pioneers": rankings.ranked(pioneers, lambda s: rankings.pioneer_index(s, config.pioneer)),
    }


def staff_view(found: dict[str, Any]) -> dict[str, Any]:
    lists = {name: [_staff(p) for p in found[name]] for name in ("volunteers", "pioneers")}
    return {**found, **lists}


def public_view(found: dict[str, Any], size: int) -> dict[str, Any]:
    lists = {
        name: [_public(p) for p in rankings.public(found[name], size)]
        for name in ("volunteers", "pioneers")
    }
    return {**found, **lists}


def _staff(placed: Placed) -> dict[str, Any]:
    s: Standing = placed.standing
    fields = ("person", "grid", "role", "shown", "alias", "points", "claims", "projects", "votes")
    return {"rank": placed.rank, "score": placed.score, **{f: getattr(s, f) for f in fields}}


def _public(placed: Placed) -> dict[str, Any]:
    s: Standing = placed.standing
    shown = {"name": rankings.shown_as(s), "grid": s.grid, "points": s.points}
    return {"rank": placed.rank, "score": placed.score, **shown}
