"""The grid file that `district.yaml` names, in one of three formats, read into GridRecords.

- `.geojson`: one feature per grid, its properties `code`, `name`, `level`, `parent`
  (null on level 1) and `roster` (a list of `{id, role}`), its geometry the grid's polygon
  (null above the leaf grids if the district has none there);
- `.csv`: the import format for large trees, see `grid_csv`;
- `.yaml`: for small trees, a flat list under `grids:` with the same fields as the GeoJSON
  properties and the polygon as a GeoJSON geometry mapping under `polygon`:

      grids:
        - {code: "620502001", name: 西关街道, level: 1, parent: null}
        - code: "620502001001"
          name: 西关第一社区
          level: 2
          parent: "620502001"
          roster: [{id: gw-620502001001, role: grid_worker}]
          polygon: {type: Polygon, coordinates: [[[105.70, 34.58], [105.71, 34.58], ...]]}

A flat list rather than nested `children:` so that every format states each grid's level and
parent, and the same tree checks (unknown parent, level mismatch) hold for all three.
"""

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import marshmallow as ma

from gongzhi.district.model import Grid
from gongzhi.district.problems import ConfigError, ConfigProblem
from gongzhi.district.records import GridRecord, InSource
from gongzhi.district.schema import (
    FeatureCollectionSchema,
    FeatureSchema,
    GridPropertiesSchema,
    Polygonal,
    flatten,
)
from gongzhi.district.source import Source, read_json, read_yaml

T = TypeVar("T")


class Progress(Protocol):
    """Wraps the grids being read, to show how far reading has got (a tqdm bar, say)."""

    def __call__(self, items: Sequence[T], what: str) -> Iterable[T]: ...


def no_progress(items: Sequence[T], what: str) -> Iterable[T]:
    return items


class YamlGridSchema(GridPropertiesSchema):
    polygon = Polygonal(load_default=None, allow_none=True)  # only a leaf grid must have one

    @ma.post_load
    def _grid(self, fields: dict[str, Any], **_: Any) -> Grid:
        return Grid(**{**fields, "roster": tuple(fields["roster"])})


class YamlGridFileSchema(ma.Schema):
    """Only the outline: grids are loaded one by one so that every bad one is reported."""

    grids = ma.fields.List(ma.fields.Dict(), required=True)


def read_geojson(path: Path, problems: list[ConfigProblem], progress: Progress) -> list[GridRecord]:
    source = read_source(read_json, path, problems)
    if source is None:
        return []
    collection = validated(FeatureCollectionSchema(), source.data, source, "", problems)
    if collection is None:
        return []
    schema = FeatureSchema()  # one instance: building a schema costs more than a load
    records = []
    for index, feature in enumerate(progress(collection["features"], "grids")):
        at = f"features[{index}]"
        grid = validated(schema, feature, source, at, problems)
        properties = _mapping(feature.get("properties"))
        place = InSource(source, f"{at}.properties", f"{at}.geometry")
        records.append(GridRecord(properties.get("code"), properties.get("parent"), grid, place))
    return records


def read_yaml_grids(
    path: Path, problems: list[ConfigProblem], progress: Progress
) -> list[GridRecord]:
    source = read_source(read_yaml, path, problems)
    if source is None:
        return []
    outline = validated(YamlGridFileSchema(), source.data, source, "", problems)
    if outline is None:
        return []
    schema = YamlGridSchema()
    records = []
    for index, entry in enumerate(progress(outline["grids"], "grids")):
        at = f"grids[{index}]"
        grid = validated(schema, entry, source, at, problems)
        place = InSource(source, at, f"{at}.polygon")
        records.append(GridRecord(entry.get("code"), entry.get("parent"), grid, place))
    return records


def validated(
    schema: ma.Schema, data: Any, source: Source, path: str, problems: list[ConfigProblem]
) -> Any:
    """What `schema` loads from `data` at `path` in `source`; None, and each error put in
    `problems` with its line, if it does not load."""
    try:
        return schema.load(data)
    except ma.ValidationError as error:
        problems.extend(
            source.problem(where, what) for where, what in flatten(error.messages, path)
        )
        return None


def read_source(
    reader: Callable[[Path], Source], path: Path, problems: list[ConfigProblem]
) -> Source | None:
    try:
        return reader(path)
    except ConfigError as error:
        problems.extend(error.problems)
        return None


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}
