"""Intake's HTTP wire schemas."""

import marshmallow as ma

from intake.events import CHANNELS
from intake.geo import COORDINATE_SYSTEMS


class ReportIn(ma.Schema):
    """A report through the native API. Coordinates in `coordinate_system` (default WGS-84;
    GCJ-02 from Amap, Tencent and WeChat, BD-09 from Baidu)."""

    category = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    lat = ma.fields.Float(required=True, validate=ma.validate.Range(-90, 90))
    long = ma.fields.Float(required=True, validate=ma.validate.Range(-180, 180))
    coordinate_system = ma.fields.String(
        load_default="wgs84", validate=ma.validate.OneOf(COORDINATE_SYSTEMS)
    )
    # Length and HTML are the rules' to check, so every problem is told at once.
    description = ma.fields.String(required=True, validate=ma.validate.Length(min=1))
    address_string = ma.fields.String(load_default=None, validate=ma.validate.Length(max=500))
    attributes = ma.fields.Dict(keys=ma.fields.String(), load_default=dict)
    media_url = ma.fields.Url(load_default=None, validate=ma.validate.Length(max=1000))
    channel = ma.fields.String(required=True, validate=ma.validate.OneOf(CHANNELS))
    reporter_contact = ma.fields.String(load_default=None, validate=ma.validate.Length(max=200))


class Routing(ma.Schema):
    grid_code = ma.fields.String(allow_none=True)
    grid_name = ma.fields.String(allow_none=True)
    tier = ma.fields.String()
    owner_kind = ma.fields.String()
    owner_id = ma.fields.String()
    assigned_at = ma.fields.AwareDateTime()


class ReportOut(ma.Schema):
    """A report as anyone may read it: no contact details."""

    id = ma.fields.String()
    category = ma.fields.String()
    lat = ma.fields.Float(attribute="latitude")
    long = ma.fields.Float(attribute="longitude")
    description = ma.fields.String()
    channel = ma.fields.String()
    status = ma.fields.String()
    submitted_at = ma.fields.AwareDateTime()
    address_string = ma.fields.String(allow_none=True)
    attributes = ma.fields.Dict()
    media_url = ma.fields.String(allow_none=True)
    co_reports = ma.fields.Integer()
    routing = ma.fields.Nested(Routing, allow_none=True)
