"""Intake's section of `district.yaml`, `intake:`: how intake takes reports for the district.
It must be there (no default jurisdiction or emergency notice would be right)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma

from gongzhi.district import District

_NAME = ma.validate.Length(min=1)
# Where a public view puts a report: the point of its grid, or its own point to about 100 m.
PUBLIC_LOCATIONS = ("grid", "rounded")
# A platform's id names its queue on the bus, outbound.<id>.
PLATFORM_ID = ma.validate.Regexp(
    r"^[a-z0-9][a-z0-9_-]{0,39}$", error="lowercase letters, digits, - and _, at most 40"
)


@dataclass(frozen=True)
class Platform:
    """Another system that sends work orders (a 12345 hotline platform) and hears back about
    each: it publishes with `source` as its CloudEvents source and reads queue outbound.<id>."""

    id: str
    name: str
    source: str


@dataclass(frozen=True)
class Intake:
    """How intake takes reports for this district."""

    jurisdiction_id: str
    emergency_notice: str
    merge_radius_m: float = 50.0
    merge_window_minutes: int = 120
    public_location: str = "grid"
    platforms: Mapping[str, Platform] = field(default_factory=dict)

    def platform_sending(self, source: str) -> Platform | None:
        """The platform that publishes with this CloudEvents source, if the district has one."""
        return next((p for p in self.platforms.values() if p.source == source), None)


class PlatformSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=_NAME)
    source = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=500))


class IntakeSchema(ma.Schema):
    jurisdiction_id = ma.fields.String(required=True, validate=_NAME)
    emergency_notice = ma.fields.String(required=True, validate=_NAME)
    merge_radius_m = ma.fields.Float(load_default=50.0, validate=ma.validate.Range(min=0))
    merge_window_minutes = ma.fields.Integer(load_default=120, validate=ma.validate.Range(min=0))
    public_location = ma.fields.String(
        load_default="grid", validate=ma.validate.OneOf(PUBLIC_LOCATIONS)
    )
    platforms = ma.fields.Dict(
        keys=ma.fields.String(validate=PLATFORM_ID),
        values=ma.fields.Nested(PlatformSchema),
        load_default=dict,
    )

    @ma.validates("platforms")
    def _one_platform_per_source(self, value: dict[str, dict[str, Any]], **_: Any) -> None:
        sources = [platform["source"] for platform in value.values()]
        if twice := sorted({source for source in sources if sources.count(source) > 1}):
            raise ma.ValidationError(f"two platforms publish as {', '.join(twice)}")

    @ma.post_load
    def _intake(self, fields: dict[str, Any], **_: Any) -> Intake:
        platforms = {key: Platform(key, **value) for key, value in fields["platforms"].items()}
        return Intake(**{**fields, "platforms": platforms})


def intake_of(district: District) -> Intake:
    intake: Intake = district.section("intake")
    return intake
