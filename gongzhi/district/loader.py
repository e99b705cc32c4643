"""Load a district folder: `district.yaml` and the grid file it names.

The core validates the shared part of `district.yaml` (DistrictSchema) and the grid file; each
other top-level key is a section that an installed service owns (its plugin's `config`), loaded
with that service's schema. A key no installed service owns is a problem on its line.
"""

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from gongzhi.district.grid_csv import read_import_format
from gongzhi.district.grid_files import (
    Progress,
    no_progress,
    read_geojson,
    read_source,
    read_yaml_grids,
    validated,
)
from gongzhi.district.model import District, Grid
from gongzhi.district.overlaps import overlap_problems
from gongzhi.district.owners import load_section, owned_sections, split
from gongzhi.district.problems import ConfigError, ConfigProblem
from gongzhi.district.schema import DistrictSchema
from gongzhi.district.source import Source, read_yaml
from gongzhi.district.tree import duplicate_codes, grid_tree_problems, leaves
from gongzhi.plugins import Plugin, installed

_GRID_READERS = {
    ".geojson": read_geojson,
    ".csv": read_import_format,  # with the polygons in a .geojson of the same stem beside it
    ".yaml": read_yaml_grids,
}


def load_district(
    folder: str | Path,
    *,
    progress: Progress = no_progress,
    plugins: Mapping[str, Plugin] | None = None,
) -> District:
    """The district configured in `folder`; ConfigError lists every problem found in it.
    `progress` is shown the grids as they are read (see `grid_files` for the formats).
    `plugins` own the sections beyond the shared part: the installed services by default."""
    folder = Path(folder)
    plugins = installed() if plugins is None else plugins
    problems: list[ConfigProblem] = []
    source = read_source(read_yaml, folder / "district.yaml", problems)
    if source is None:
        raise ConfigError(problems)
    owned = owned_sections(plugins)
    shared, given = split(source, owned, ", ".join(plugins), problems)
    before = len(problems)
    head = validated(DistrictSchema(), shared, source, "", problems)
    problems.extend(duplicate_codes(source, _category_codes(source.data), "category code"))
    grids = _grids(folder, source, problems, progress)
    district = _shared_part(head, folder, grids) if head else None
    # A section is checked against a sound shared part only: a grid the grid file has wrong is
    # reported there, not again by each section that names it.
    sound = district if len(problems) == before else None
    sections = {
        key: load_section(source, key, given, section, sound, problems)
        for key, section in owned.items()
    }
    if problems or district is None:
        raise ConfigError(_in_file_order(problems))
    return replace(district, sections=MappingProxyType(sections))


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


def _shared_part(head: dict[str, Any], folder: Path, grids: tuple[Grid, ...]) -> District:
    categories = MappingProxyType({category.code: category for category in head["categories"]})
    fields = {key: head[key] for key in ("code", "name", "timezone", "calendar")}
    return District(**fields, folder=folder, grids=grids, categories=categories)


def _grids(
    folder: Path, head: Source, problems: list[ConfigProblem], progress: Progress
) -> tuple[Grid, ...]:
    name = head.data.get("grids") if isinstance(head.data, dict) else None
    if not isinstance(name, str) or not name:
        return ()  # the schema has reported it
    path = folder / name
    reader = _GRID_READERS.get(path.suffix.lower())
    if reader is None:
        problems.append(head.problem("grids", f"a grid file ends in {', '.join(_GRID_READERS)}"))
        return ()
    if not path.is_file():
        problems.append(head.problem("grids", f"grid file {name!r} not found in {folder}"))
        return ()
    records = reader(path, problems, progress)
    problems.extend(grid_tree_problems(records))
    problems.extend(overlap_problems(leaves(records)))
    return tuple(record.grid for record in records if record.grid)


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
