"""The sample grid tree written in each grid file format, and where a grid's field lands in
each, for tests that change a tree, write it and read the problems back."""

import dataclasses
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import yaml
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from gongzhi.district import Grid, load_district
from gongzhi.testing.districts import SAMPLE
from routing.grid_writer import write_import_format

FORMATS = ("geojson", "csv", "yaml")
GRID_FILES = {"geojson": "grids.geojson", "csv": "grids.csv", "yaml": "grids.yaml"}


def sample_grids() -> list[Grid]:
    return list(_sample())


@cache
def _sample() -> tuple[Grid, ...]:
    return load_district(SAMPLE).grids


def polygon_of(grids: list[Grid], code: str) -> BaseGeometry:
    polygon = next(grid.polygon for grid in grids if grid.code == code)
    assert polygon is not None
    return polygon


def changed(grids: list[Grid], which: str, **fields) -> list[Grid]:
    """`grids` with the grid whose code is `which` changed (the first, if codes repeat)."""
    index = [grid.code for grid in grids].index(which)
    return [*grids[:index], dataclasses.replace(grids[index], **fields), *grids[index + 1 :]]


def write_tree(folder: Path, grids: Sequence[Grid], form: str) -> None:
    """Write `grids` as the grid file of the district in `folder`, in format `form`."""
    if form == "csv":
        write_import_format(folder, grids)
    elif form == "yaml":
        entries = [{**_properties(grid), "polygon": _geometry(grid)} for grid in grids]
        text = yaml.safe_dump({"grids": entries}, allow_unicode=True, sort_keys=False)
        (folder / "grids.yaml").write_text(text, encoding="utf-8")
    else:
        features = [_feature(grid) for grid in grids]
        collection = {"type": "FeatureCollection", "features": features}
        text = json.dumps(collection, ensure_ascii=False, indent=2)
        (folder / "grids.geojson").write_text(text, encoding="utf-8")
    district = folder / "district.yaml"
    named = f"grids: {GRID_FILES[form]}"
    district.write_text(district.read_text().replace("grids: grids.geojson", named))


def field_of(
    folder: Path, form: str, grids: list[Grid], code: str, field: str
) -> tuple[str, int, str]:
    """(file name, line, field) of a problem with `field` of grid `code` (the last of that
    code) in the tree written in `folder`; `polygon` is the grid's geometry in any format."""
    codes = [grid.code for grid in grids]
    index = len(codes) - 1 - codes[::-1].index(code)
    if form == "csv" and field == "polygon":
        shaped = sum(1 for grid in grids[:index] if grid.polygon is not None)
        return "grids.geojson", shaped + 2, f"features[{shaped}].geometry"  # a feature a line
    if form == "csv":
        return "grids.csv", index + 2, field  # a row a grid, after the header
    path = folder / GRID_FILES[form]
    if form == "yaml":  # each entry starts `- code: ...`
        return (
            "grids.yaml",
            _line_after(path, "- code: ", index, f"{field}:"),
            f"grids[{index}].{field}",
        )
    if field == "polygon":
        line = _line_after(path, '"code": ', index, '"geometry"')
        return "grids.geojson", line, f"features[{index}].geometry"
    line = _line_after(path, '"code": ', index, f'"{field}"')
    return "grids.geojson", line, f"features[{index}].properties.{field}"


def _line_after(path: Path, anchor: str, index: int, text: str) -> int:
    """The number of the first line holding `text`, on or after the line holding `anchor` for
    the `index`th time (from 0)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    anchors = [n for n, line in enumerate(lines) if anchor in line]
    return next(n + 1 for n, line in enumerate(lines) if n >= anchors[index] and text in line)


def _properties(grid: Grid) -> dict:
    roster = [{"id": member.id, "role": member.role} for member in grid.roster]
    fields = {"code": grid.code, "name": grid.name, "level": grid.level, "parent": grid.parent}
    return {**fields, "roster": roster}


def _geometry(grid: Grid) -> dict | None:
    return json.loads(json.dumps(mapping(grid.polygon))) if grid.polygon else None


def _feature(grid: Grid) -> dict:
    return {"type": "Feature", "properties": _properties(grid), "geometry": _geometry(grid)}
