"""Checks across entries: unique codes, a sound grid tree, and what every leaf grid needs."""

from collections.abc import Iterable, Iterator
from typing import Any

from gongzhi.district.model import Grid
from gongzhi.district.problems import ConfigProblem
from gongzhi.district.records import GridRecord, Place
from gongzhi.district.source import Source

MAX_LEVELS = 5  # district, street, community, grid, sub-grid; or community ... unit


def duplicate_codes(
    source: Source, codes: Iterable[tuple[str, Any]], what: str
) -> Iterator[ConfigProblem]:
    """A problem for each (path, code) whose code was seen at an earlier path."""
    first: dict[str, str] = {}
    for path, code in codes:
        if not isinstance(code, str):
            continue  # the schema reports it
        if code in first:
            where = f"{first[code]}, line {source.line(first[code])}"
            yield source.problem(path, f"duplicate {what} {code!r}, first at {where}")
        first.setdefault(code, path)


def grid_tree_problems(records: list[GridRecord]) -> Iterator[ConfigProblem]:
    """Duplicate codes, unsound parents, levels deeper than MAX_LEVELS, and leaf grids without
    a polygon or a grid worker. Records that failed to load are checked no further, but their
    codes still count as known grids and as parents."""
    yield from _duplicate_grid_codes(records)
    known = {record.code for record in records if isinstance(record.code, str)}
    parents = _parent_codes(records)
    by_code = {r.grid.code: r.grid for r in reversed(records) if r.grid}  # the first of duplicates
    for record in records:
        grid = record.grid
        if grid is None:
            continue
        if grid.level > MAX_LEVELS:
            too_deep = f"level {grid.level} is deeper than the {MAX_LEVELS} levels a tree may have"
            yield record.place.problem("level", too_deep)
        if message := _parent_problem(grid, by_code, known):
            yield record.place.problem("parent", message)
        if grid.code not in parents:
            yield from _leaf_problems(record.place, grid)


def leaves(records: list[GridRecord]) -> list[tuple[Grid, Place]]:
    """The loaded grids that no record names as its parent, each with its place."""
    parents = _parent_codes(records)
    loaded = ((record.grid, record.place) for record in records if record.grid)
    return [(grid, place) for grid, place in loaded if grid.code not in parents]


def _parent_codes(records: list[GridRecord]) -> set[str]:
    return {record.parent for record in records if isinstance(record.parent, str)}


def _duplicate_grid_codes(records: list[GridRecord]) -> Iterator[ConfigProblem]:
    first: dict[str, GridRecord] = {}
    for record in records:
        if not isinstance(record.code, str):
            continue  # the schema reports it
        if record.code in first:
            where = first[record.code].place.describe()
            message = f"duplicate grid code {record.code!r}, first at {where}"
            yield record.place.problem("code", message)
        first.setdefault(record.code, record)


def _parent_problem(grid: Grid, by_code: dict[str, Grid], known: set) -> str | None:
    if grid.level == 1:
        return None if grid.parent is None else "a level-1 grid must not have a parent grid"
    if grid.parent is None:
        return f"a level-{grid.level} grid needs a parent grid"
    if grid.parent not in known:
        return f"unknown parent grid {grid.parent!r}"
    parent = by_code.get(grid.parent)
    if parent and parent.level != grid.level - 1:
        return f"parent grid {parent.code!r} is level {parent.level}, not {grid.level - 1}"
    if not grid.code.startswith(grid.parent):
        return f"a grid's code must start with its parent grid's code {grid.parent!r}"
    return None


def _leaf_problems(place: Place, grid: Grid) -> Iterator[ConfigProblem]:
    if grid.polygon is None:
        yield place.problem("polygon", "a leaf grid needs a polygon")
    if grid.grid_worker is None:
        yield place.problem("roster", "a leaf grid needs a roster member with role grid_worker")
