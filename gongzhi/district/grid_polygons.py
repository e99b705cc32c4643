"""The GeoJSON beside an import-format CSV: features holding only a grid's code and polygon.

    {"type": "Feature", "properties": {"code": "620502900001001001001"}, "geometry": {...}}

A null geometry is a grid without a polygon, as is a grid with no feature. Checked by plain
functions, like the CSV rows (see grid_rows); the geometry by the GeoJSON schema's field.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import marshmallow as ma
from shapely.geometry.base import BaseGeometry

from gongzhi.district.grid_files import Progress, read_source, validated
from gongzhi.district.grid_rows import NOT_A_CODE, Errors, is_code
from gongzhi.district.problems import ConfigProblem
from gongzhi.district.records import InSource
from gongzhi.district.schema import FeatureCollectionSchema, Polygonal
from gongzhi.district.source import read_json


@dataclass(frozen=True)
class PolygonFeature:
    """A grid's polygon (None if null) and the feature it is in. A broken feature has been
    reported; its grid is not loaded, so that the grid is not reported again as having none."""

    polygon: BaseGeometry | None
    place: InSource
    broken: bool = False


def read_polygons(
    path: Path, problems: list[ConfigProblem], progress: Progress
) -> dict[str, PolygonFeature]:
    """Each grid code's feature; the first of duplicates."""
    source = read_source(read_json, path, problems)
    if source is None:
        return {}
    collection = validated(FeatureCollectionSchema(), source.data, source, "", problems)
    if collection is None:
        return {}
    polygonal = Polygonal()
    features: dict[str, PolygonFeature] = {}
    for index, feature in enumerate(progress(collection["features"], "polygons")):
        place = InSource(source, f"features[{index}]", f"features[{index}].geometry")
        polygon, errors = _feature(polygonal, feature)
        problems.extend(place.problem(field, message) for field, message in errors)
        code = _mapping(feature.get("properties")).get("code")
        if is_code(code):
            _add(features, code, PolygonFeature(polygon, place, bool(errors)), problems)
    return features


def _feature(polygonal: Polygonal, feature: dict[str, Any]) -> tuple[BaseGeometry | None, Errors]:
    """The feature's polygon (None if null) and what is wrong with the feature, by field."""
    errors = list(_outline_errors(feature))
    geometry = feature.get("geometry")
    if geometry is None:
        return None, errors
    try:
        return polygonal.deserialize(geometry), errors
    except ma.ValidationError as error:
        return None, [*errors, *(("geometry", str(message)) for message in error.messages)]


def _outline_errors(feature: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if feature.get("type") != "Feature":
        yield "type", 'must be "Feature"'
    if "geometry" not in feature:
        yield "geometry", "Missing data for required field."
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        yield "properties", "must be an object holding the grid's code"
        return
    if not is_code(properties.get("code")):
        yield "properties.code", NOT_A_CODE
    for key in sorted(properties.keys() - {"code"}):
        yield f"properties.{key}", "unknown property: a feature here holds only the code"


def _add(
    features: dict[str, PolygonFeature],
    code: str,
    feature: PolygonFeature,
    problems: list[ConfigProblem],
) -> None:
    if code in features:
        first = features[code].place.describe()
        message = f"a second feature for grid {code!r}, the first at {first}"
        problems.append(feature.place.problem("properties.code", message))
    else:
        features[code] = feature


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}
