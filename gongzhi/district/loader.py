"""Load a district folder: `district.yaml` and the grid GeoJSON it names."""

from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import marshmallow as ma

from gongzhi.district.model import District, Grid
from gongzhi.district.problems import ConfigError, ConfigProblem
from gongzhi.district.schema import DistrictSchema, FeatureCollectionSchema, FeatureSchema, flatten
from gongzhi.district.source import Source, read_json, read_yaml
from gongzhi.district.tree import duplicate_codes, grid_tree_problems


def load_district(folder: str | Path) -> District:
    """The district configured in `folder`; ConfigError lists every problem found in it."""
    folder = Path(folder)
    problems: list[ConfigProblem] = []
    source = _read(read_yaml, folder / "district.yaml", problems)
    if source is None:
        raise ConfigError(problems)
    head = _validated(DistrictSchema(), source.data, source, "", problems)
    problems.extend(duplicate_codes(source, _category_codes(source.data), "category code"))
    grids = _grids(folder, source, problems)
    if problems:
        raise ConfigError(_in_file_order(problems))
    categories = MappingProxyType({category.code: category for category in head["categories"]})
    fields = {key: head[key] for key in ("code", "name", "timezone", "intake")}
    return District(**fields, folder=folder, grids=grids, categories=categories)


def check_config(folder: str | Path) -> str:
    """One line on the district in `folder` ending in `: OK`, or ConfigError."""
    district = load_district(folder)
    levels = len({grid.level for grid in district.grids})
    workers = len({member.id for grid in district.grids for member in grid.roster})
    return (
        f"{district.folder.resolve().name} ({district.name}): {len(district.grids)} grids in "
        f"{levels} levels, {len(district.leaf_grids())} leaf grids, "
        f"{len(district.categories)} categories, {workers} workers: OK"
    )


def _grids(folder: Path, head: Source, problems: list[ConfigProblem]) -> tuple[Grid, ...]:
    name = head.data.get("grids") if isinstance(head.data, dict) else None
    if not isinstance(name, str) or not name:
        return ()  # the schema has reported it
    if not (folder / name).is_file():
        problems.append(head.problem("grids", f"grid file {name!r} not found in {folder}"))
        return ()
    source = _read(read_json, folder / name, problems)
    return _features(source, problems) if source else ()


def _features(source: Source, problems: list[ConfigProblem]) -> tuple[Grid, ...]:
    collection = _validated(FeatureCollectionSchema(), source.data, source, "", problems)
    if collection is None:
        return ()
    grids, schema = {}, FeatureSchema()  # one instance: building a schema costs more than a load
    for index, feature in enumerate(collection["features"]):
        path = f"features[{index}]"
        grid = _validated(schema, feature, source, path, problems)
        if grid is not None:
            grids[path] = grid
    codes = ((f"{path}.properties.code", grid.code) for path, grid in grids.items())
    problems.extend(duplicate_codes(source, codes, "grid code"))
    problems.extend(grid_tree_problems(source, grids))
    return tuple(grids.values())


def _validated(
    schema: ma.Schema, data: Any, source: Source, path: str, problems: list[ConfigProblem]
) -> Any:
    try:
        return schema.load(data)
    except ma.ValidationError as error:
        problems.extend(
            source.problem(where, what) for where, what in flatten(error.messages, path)
        )
        return None


def _read(
    reader: Callable[[Path], Source], path: Path, problems: list[ConfigProblem]
) -> Source | None:
    try:
        return reader(path)
    except ConfigError as error:
        problems.extend(error.problems)
        return None


def _in_file_order(problems: list[ConfigProblem]) -> list[ConfigProblem]:
    files = list(dict.fromkeys(problem.file for problem in problems))
    return sorted(problems, key=lambda problem: (files.index(problem.file), problem.line or 0))


def _category_codes(data: Any) -> list[tuple[str, Any]]:
    categories = data.get("categories") if isinstance(data, dict) else None
    if not isinstance(categories, list):
        return []
    return [
        (f"categories[{i}].code", c.get("code"))
        for i, c in enumerate(categories)
        if isinstance(c, dict)
    ]
