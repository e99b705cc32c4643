"""Intake's section of `district.yaml`, `intake:`: how intake takes reports for the district.
It must be there (no default jurisdiction or emergency notice would be right)."""

from dataclasses import dataclass
from typing import Any

import marshmallow as ma

from gongzhi.district import District

_NAME = ma.validate.Length(min=1)
# Where a public view puts a report: the point of its grid, or its own point to about 100 m.
PUBLIC_LOCATIONS = ("grid", "rounded")


@dataclass(frozen=True)
class Intake:
    """How intake takes reports for this district."""

    jurisdiction_id: str
    emergency_notice: str
    merge_radius_m: float = 50.0
    merge_window_minutes: int = 120
    public_location: str = "grid"


class IntakeSchema(ma.Schema):
    jurisdiction_id = ma.fields.String(required=True, validate=_NAME)
    emergency_notice = ma.fields.String(required=True, validate=_NAME)
    merge_radius_m = ma.fields.Float(load_default=50.0, validate=ma.validate.Range(min=0))
    merge_window_minutes = ma.fields.Integer(load_default=120, validate=ma.validate.Range(min=0))
    public_location = ma.fields.String(
        load_default="grid", validate=ma.validate.OneOf(PUBLIC_LOCATIONS)
    )

    @ma.post_load
    def _intake(self, fields: dict[str, Any], **_: Any) -> Intake:
        return Intake(**fields)


def intake_of(district: District) -> Intake:
    intake: Intake = district.section("intake")
    return intake
