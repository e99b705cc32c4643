"""The marshmallow schemas of `district.yaml` and of the grid GeoJSON.

Unknown keys are errors (marshmallow's default, RAISE), except where GeoJSON (RFC 7946) allows
foreign members: on the feature collection and on each feature, but not in a grid's properties.
"""

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import marshmallow as ma
import shapely
from marshmallow.exceptions import SCHEMA
from shapely.geometry.base import BaseGeometry

from gongzhi.district.calendar import CalendarPolicy, CalendarSchema
from gongzhi.district.model import (
    CLASSES,
    DATATYPES,
    ROLES,
    TIERS,
    Attribute,
    AttributeValue,
    Category,
    Grid,
    RosterMember,
)

_DIVISION_CODE = ma.validate.Regexp(r"^\d+$", error="must be an administrative code: digits")
_SLUG = ma.validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", error="must be lower-case-with-hyphens")
_NAME = ma.validate.Length(min=1)
_NOT_GEOJSON = (
    AttributeError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
    shapely.errors.ShapelyError,
)


def _known_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ma.ValidationError(f"unknown time zone {name!r}") from None


class Polygonal(ma.fields.Field[BaseGeometry]):
    """A GeoJSON geometry object, loaded as a valid shapely Polygon or MultiPolygon."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping | None, **_: Any):
        try:
            geometry = shapely.geometry.shape(value)
        except _NOT_GEOJSON as error:
            raise ma.ValidationError(f"not a GeoJSON geometry: {error}") from None
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise ma.ValidationError(f"must be a Polygon or MultiPolygon, not {geometry.geom_type}")
        if geometry.is_empty or not geometry.is_valid:
            raise ma.ValidationError(f"invalid polygon: {shapely.is_valid_reason(geometry)}")
        return geometry


class AttributeValueSchema(ma.Schema):
    key = ma.fields.String(required=True, validate=_NAME)
    name = ma.fields.String(required=True, validate=_NAME)
    stopper = ma.fields.Boolean(load_default=False)

    @ma.post_load
    def _value(self, fields: dict[str, Any], **_: Any) -> AttributeValue:
        return AttributeValue(**fields)


class AttributeSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[a-z0-9_]+$"))
    datatype = ma.fields.String(required=True, validate=ma.validate.OneOf(DATATYPES))
    description = ma.fields.String(required=True, validate=_NAME)
    order = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1))
    required = ma.fields.Boolean(load_default=False)
    variable = ma.fields.Boolean(load_default=True)
    datatype_description = ma.fields.String(load_default="")
    values = ma.fields.List(ma.fields.Nested(AttributeValueSchema), load_default=list)

    @ma.validates_schema
    def _lists_have_values(self, data: dict[str, Any], **_: Any) -> None:
        listed = data["datatype"].endswith("valuelist")
        if listed != bool(data.get("values")):
            raise ma.ValidationError("list datatypes, and only they, have values", "values")

    @ma.post_load
    def _attribute(self, fields: dict[str, Any], **_: Any) -> Attribute:
        return Attribute(**{**fields, "values": tuple(fields["values"])})


class CategorySchema(ma.Schema):
    code = ma.fields.String(required=True, validate=_SLUG)
    name = ma.fields.String(required=True, validate=_NAME)
    category_class = ma.fields.String(
        required=True, data_key="class", validate=ma.validate.OneOf(CLASSES)
    )
    tier = ma.fields.String(required=True, validate=ma.validate.OneOf(TIERS))
    description = ma.fields.String(load_default="")
    group = ma.fields.String(load_default="")
    keywords = ma.fields.List(ma.fields.String(validate=_NAME), load_default=list)
    attributes = ma.fields.List(ma.fields.Nested(AttributeSchema), load_default=list)
    private = ma.fields.Boolean(load_default=False)

    @ma.validates_schema
    def _orders_unique(self, data: dict[str, Any], **_: Any) -> None:
        orders = [attribute.order for attribute in data.get("attributes", [])]
        if len(orders) != len(set(orders)):
            raise ma.ValidationError("attribute orders must be unique", "attributes")

    @ma.post_load
    def _category(self, fields: dict[str, Any], **_: Any) -> Category:
        lists = {key: tuple(fields[key]) for key in ("keywords", "attributes")}
        return Category(**{**fields, **lists})


class DistrictSchema(ma.Schema):
    """The shared part of `district.yaml`: what every service reads. The other top-level keys
    are the installed services' own sections (see `sections.Section`)."""

    code = ma.fields.String(required=True, validate=_DIVISION_CODE)
    name = ma.fields.String(required=True, validate=_NAME)
    timezone = ma.fields.String(required=True, validate=_known_timezone)
    grids = ma.fields.String(required=True, validate=_NAME)  # the grid file, beside this one
    categories = ma.fields.List(
        ma.fields.Nested(CategorySchema), required=True, validate=ma.validate.Length(min=1)
    )
    calendar = ma.fields.Nested(CalendarSchema, load_default=CalendarPolicy())


class RosterMemberSchema(ma.Schema):
    id = ma.fields.String(required=True, validate=_NAME)
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(ROLES))

    @ma.post_load
    def _member(self, fields: dict[str, Any], **_: Any) -> RosterMember:
        return RosterMember(**fields)


class GridPropertiesSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=_DIVISION_CODE)
    name = ma.fields.String(required=True, validate=_NAME)
    level = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1))
    parent = ma.fields.String(required=True, allow_none=True, validate=_DIVISION_CODE)
    roster = ma.fields.List(ma.fields.Nested(RosterMemberSchema), load_default=list)


class FeatureSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # GeoJSON foreign members (id, bbox, ...)

    type = ma.fields.String(required=True, validate=ma.validate.Equal("Feature"))
    properties = ma.fields.Nested(GridPropertiesSchema, required=True)
    geometry = Polygonal(required=True, allow_none=True)  # only a leaf grid must have one

    @ma.post_load
    def _grid(self, fields: dict[str, Any], **_: Any) -> Grid:
        properties = fields["properties"]
        roster = tuple(properties.pop("roster"))
        return Grid(**properties, polygon=fields["geometry"], roster=roster)


class FeatureCollectionSchema(ma.Schema):
    """Only the outline: features are loaded one by one so that every bad one is reported."""

    class Meta:
        unknown = ma.EXCLUDE

    type = ma.fields.String(required=True, validate=ma.validate.Equal("FeatureCollection"))
    features = ma.fields.List(ma.fields.Dict(), required=True)


def flatten(messages: Any, path: str = "") -> list[tuple[str, str]]:
    """marshmallow's nested error messages as (dotted path, message) pairs."""
    if isinstance(messages, str):
        return [(path, messages)]
    if isinstance(messages, dict):
        return [
            pair for key, value in messages.items() for pair in flatten(value, _join(path, key))
        ]
    return [pair for message in messages for pair in flatten(message, path)]


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key == SCHEMA:  # an error about the whole object belongs to the object's own path
        return path
    return f"{path}.{key}" if path else key
