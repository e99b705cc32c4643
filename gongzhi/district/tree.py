"""Checks across entries: unique codes, a sound grid tree, and what every leaf grid needs."""

from collections.abc import Iterable, Iterator
from typing import Any

from gongzhi.district.model import Grid
from gongzhi.district.problems import ConfigProblem
from gongzhi.district.source import Source


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


def grid_tree_problems(source: Source, grids: dict[str, Grid]) -> Iterator[ConfigProblem]:
    """`grids` maps `features[i]` to the grid loaded from it. Features that failed to load are
    absent, but their codes still count as known grids and as parents, so that one bad grid is
    reported once and not again by each of its children."""
    raw = [_properties(feature) for feature in source.data["features"]]
    known, parents = _strings(raw, "code"), _strings(raw, "parent")
    by_code = {grid.code: grid for grid in reversed(grids.values())}  # the first of duplicates
    for path, grid in grids.items():
        message = _parent_problem(grid, by_code, known)
        if message:
            yield source.problem(f"{path}.properties.parent", message)
        if grid.code not in parents:
            yield from _leaf_problems(source, path, grid)


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
    return None


def _leaf_problems(source: Source, path: str, grid: Grid) -> Iterator[ConfigProblem]:
    if grid.polygon is None:
        yield source.problem(f"{path}.geometry", "a leaf grid needs a polygon")
    if grid.grid_worker is None:
        message = "a leaf grid needs a roster member with role grid_worker"
        yield source.problem(f"{path}.properties.roster", message)


def _strings(raw: list[dict], key: str) -> set[str]:
    return {value for properties in raw if isinstance(value := properties.get(key), str)}


def _properties(feature: Any) -> dict:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return properties if isinstance(properties, dict) else {}
