"""The schemas of routing's sections of `district.yaml`, `sla:` and `routing:`. Each may be left
out: the defaults are the seeds' numbers (see config.py)."""

import re
from types import MappingProxyType
from typing import Any

import marshmallow as ma

from gongzhi.district import District
from gongzhi.district.model import CLASSES, ROLES, TIERS
from routing.config import (
    CLOCKS,
    ClockPolicy,
    CoHandler,
    Department,
    Duration,
    Route,
    RoutingPolicy,
    SlaPolicy,
)

_SLUG = ma.validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", error="must be lower-case-with-hyphens")
_OWNER = re.compile(r"^(unit|worker:[a-z_]+|department:[a-z0-9-]+)$")


class DurationField(ma.fields.Field[Duration]):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **_: Any) -> Duration:
        try:
            return Duration.parse(str(value))
        except ValueError as error:
            raise ma.ValidationError(str(error)) from None


class ClockSchema(ma.Schema):
    within = DurationField(required=True)
    calendar = ma.fields.String(required=True, validate=ma.validate.OneOf(("working", "natural")))
    red_after = DurationField(required=True)
    yellow_share = ma.fields.Float(validate=ma.validate.Range(0, 1, min_inclusive=False))

    @ma.validates_schema
    def _red_after_deadline(self, data: dict[str, Any], **_: Any) -> None:
        within, red = data.get("within"), data.get("red_after")
        if within is None or red is None:
            return
        if data.get("calendar") == "working" and (within.unit == "d") != (red.unit == "d"):
            raise ma.ValidationError("on a working calendar both must be in days, or neither")
        if red.seconds < within.seconds:
            raise ma.ValidationError(f"must not be shorter than within ({within})", "red_after")

    @ma.post_load
    def _clock(self, fields: dict[str, Any], **_: Any) -> ClockPolicy:
        return ClockPolicy(**fields)


def _class_schema() -> ma.Schema:
    return ma.Schema.from_dict(
        {name: ma.fields.Nested(ClockSchema, required=True) for name in CLOCKS}
    )()


class SlaSchema(ma.Schema):
    warn_before = DurationField(load_default=Duration(4, "h"))
    classes = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.OneOf(CLASSES)),
        values=ma.fields.Nested(_class_schema),
    )

    @ma.validates("classes")
    def _every_class(self, value: dict[str, Any], **_: Any) -> None:
        missing = sorted(set(CLASSES) - set(value))
        if missing:
            raise ma.ValidationError(f"needs every class; missing: {', '.join(missing)}")

    @ma.post_load
    def _sla(self, fields: dict[str, Any], **_: Any) -> SlaPolicy:
        if "classes" in fields:
            frozen = {name: MappingProxyType(c) for name, c in fields["classes"].items()}
            fields["classes"] = MappingProxyType(frozen)
        return SlaPolicy(**fields)


class DepartmentSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=_SLUG)
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1))
    kind = ma.fields.String(
        load_default="department", validate=ma.validate.OneOf(("department", "mediation"))
    )

    @ma.post_load
    def _department(self, fields: dict[str, Any], **_: Any) -> Department:
        return Department(**fields)


def _owner_spec(value: str) -> None:
    if not _OWNER.match(value):
        raise ma.ValidationError(f"{value!r}: use unit, worker:<role> or department:<code>")
    if value.startswith("worker:") and value[7:] not in ROLES:
        raise ma.ValidationError(f"{value!r}: unknown role; roles: {', '.join(ROLES)}")


class CoHandlerSchema(ma.Schema):
    owner = ma.fields.String(required=True, validate=_owner_spec)
    task = ma.fields.String(required=True, validate=ma.validate.Length(min=1))

    @ma.post_load
    def _co_handler(self, fields: dict[str, Any], **_: Any) -> CoHandler:
        return CoHandler(**fields)


class RouteSchema(ma.Schema):
    category = ma.fields.String(required=True)
    owners = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.OneOf(TIERS)),
        values=ma.fields.String(validate=_owner_spec),
        load_default=dict,
    )
    co_handlers = ma.fields.List(ma.fields.Nested(CoHandlerSchema), load_default=list)

    @ma.post_load
    def _route(self, fields: dict[str, Any], **_: Any) -> Route:
        owners = MappingProxyType(fields["owners"])
        return Route(fields["category"], owners, tuple(fields["co_handlers"]))


class RoutingSchema(ma.Schema):
    levels = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.OneOf(("community", "street"))),
        values=ma.fields.Integer(strict=True, validate=ma.validate.Range(1, 5)),
    )
    departments = ma.fields.List(ma.fields.Nested(DepartmentSchema), load_default=list)
    table = ma.fields.List(ma.fields.Nested(RouteSchema), load_default=list)
    ladder = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(TIERS)), validate=ma.validate.Length(min=1)
    )
    nearest_grid_m = ma.fields.Float(validate=ma.validate.Range(0, 5000))
    command_centre = ma.fields.String()
    on_transfer = ma.fields.String(validate=ma.validate.OneOf(("keep", "restart")))
    on_escalation = ma.fields.String(validate=ma.validate.OneOf(("keep", "restart")))
    on_unsatisfied = ma.fields.String(validate=ma.validate.OneOf(("restart", "continue")))

    @ma.validates("ladder")
    def _ladder_goes_up(self, value: list[str], **_: Any) -> None:
        if value != sorted(set(value), key=TIERS.index):
            raise ma.ValidationError(f"tiers must go up in order, once each: {', '.join(TIERS)}")

    @ma.validates("table")
    def _one_route_per_category(self, value: list[Route], **_: Any) -> None:
        seen: set[str] = set()
        for index, route in enumerate(value):
            if route.category in seen:
                message = f"category {route.category!r} is routed twice"
                raise ma.ValidationError({index: {"category": [message]}})
            seen.add(route.category)

    @ma.validates_schema
    def _departments_known(self, data: dict[str, Any], **_: Any) -> None:
        known = {department.code for department in data.get("departments", [])}
        problems: dict[int, Any] = {}
        for index, route in enumerate(data.get("table", [])):
            specs = [*route.owners.values(), *(c.owner for c in route.co_handlers)]
            unknown = [s for s in specs if s.startswith("department:") and s[11:] not in known]
            if unknown:
                problems[index] = {"owners": [f"unknown department {', '.join(unknown)}"]}
        if problems:
            raise ma.ValidationError({"table": problems})

    @ma.post_load
    def _routing(self, fields: dict[str, Any], **_: Any) -> RoutingPolicy:
        if "levels" in fields:
            fields["levels"] = MappingProxyType(fields["levels"])
        fields["departments"] = MappingProxyType({d.code: d for d in fields["departments"]})
        fields["table"] = MappingProxyType({route.category: route for route in fields["table"]})
        if "ladder" in fields:
            fields["ladder"] = tuple(fields["ladder"])
        return RoutingPolicy(**fields)


def routes_name_categories(routing: RoutingPolicy, district: District) -> list[tuple[str, str]]:
    """The routing table's categories must be the district's."""
    return [
        (f"table[{index}].category", f"unknown category {route.category!r}")
        for index, route in enumerate(routing.table.values())
        if route.category not in district.categories
    ]
