"""Intake's HTTP wire schemas."""

from datetime import datetime

import marshmallow as ma

from gongzhi import openapi
from intake.events import CHANNELS
from intake.geo import COORDINATE_SYSTEMS
from intake.moderation import REASONS


class ReportIn(ma.Schema):
    """A report through the native API. Coordinates in `coordinate_system` (default WGS-84;
    GCJ-02 from Amap, Tencent and WeChat, BD-09 from Baidu)."""

    category = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    lat = ma.fields.Float(load_default=None, validate=ma.validate.Range(-90, 90))
    long = ma.fields.Float(load_default=None, validate=ma.validate.Range(-180, 180))
    grid = ma.fields.String(load_default=None, validate=ma.validate.Length(max=50))
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
    on_behalf_of = ma.fields.String(load_default=None, validate=ma.validate.Length(max=100))

    @ma.validates_schema
    def _a_location(self, data: dict, **_: object) -> None:
        has_point = data.get("lat") is not None and data.get("long") is not None
        if not has_point and not data.get("grid") and not data.get("address_string"):
            raise ma.ValidationError("give lat and long, a grid code or an address", "lat")


EARLIEST_YEAR, LATEST_YEAR = 1900, 9998


def a_countable_moment(moment: datetime | None) -> None:
    # Moments are moved to UTC and by days: near datetime's ends (years 1, 9999) that overflows.
    if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ma.ValidationError(f"a moment in the years {EARLIEST_YEAR} to {LATEST_YEAR}")


class ReportsQuery(ma.Schema):
    """Filters of GET /api/v1/reports: comma-separated lists, ISO dates with a timezone."""

    status = ma.fields.String(load_default="")
    category = ma.fields.String(load_default="")
    grid = ma.fields.String(load_default="")
    channel = ma.fields.String(load_default="")
    since = ma.fields.AwareDateTime(load_default=None)
    until = ma.fields.AwareDateTime(load_default=None)
    cursor = ma.fields.String(load_default=None)
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(1, 200))

    @ma.validates("since", "until")
    def _countable(self, moment: datetime | None, **_: object) -> None:
        a_countable_moment(moment)


class UpdateIn(ma.Schema):
    """A comment or a photo. Its author is decided by the key or the follow-up token (see
    access.py); `author`, if given, must be that one."""

    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(("comment", "photo")))
    author = ma.fields.String(load_default=None, validate=ma.validate.OneOf(("reporter", "staff")))
    text = ma.fields.String(load_default="", validate=ma.validate.Length(max=4000))
    media_url = ma.fields.Url(load_default=None, validate=ma.validate.Length(max=1000))

    @ma.validates_schema
    def _photo_has_media(self, data: dict, **_: object) -> None:
        if data["kind"] == "photo" and not data.get("media_url"):
            raise ma.ValidationError("a photo needs its media_url", "media_url")
        if data["kind"] == "comment" and not data.get("text"):
            raise ma.ValidationError("a comment needs its text", "text")


class HideIn(ma.Schema):
    reason = ma.fields.String(required=True, validate=ma.validate.OneOf(REASONS))


class Hiding(ma.Schema):
    """Hidden from the public view: why, by which staff key's holder, when."""

    reason = ma.fields.String(required=True)
    by = ma.fields.String(required=True)
    at = ma.fields.AwareDateTime(required=True)


class Hidden(ma.Schema):
    hidden = ma.fields.Nested(Hiding, required=True)


class UpdateOut(ma.Schema):
    """A comment or a photo, or an answer to the resident from whoever handles the case."""

    id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"description": "comment, photo or answer"})
    author = ma.fields.String()
    text = ma.fields.String()
    media_url = ma.fields.String(allow_none=True)
    photos = ma.fields.List(ma.fields.String())
    status = ma.fields.String(
        allow_none=True, metadata={"description": "an answer's: the case's status it came with"}
    )
    created_at = ma.fields.AwareDateTime()
    hidden = ma.fields.Nested(
        Hiding, allow_none=True, metadata={"description": "null unless hidden (full view only)"}
    )


class Answer(ma.Schema):
    """The latest answer to the resident, with the case's status it came with."""

    text = ma.fields.String()
    photos = ma.fields.List(ma.fields.String())
    status = ma.fields.String()
    at = ma.fields.AwareDateTime()


class Routing(ma.Schema):
    grid_code = ma.fields.String(allow_none=True)
    grid_name = ma.fields.String(allow_none=True)
    tier = ma.fields.String()
    owner_kind = ma.fields.String()
    owner_id = ma.fields.String()
    assigned_at = ma.fields.AwareDateTime()
    expected_at = ma.fields.AwareDateTime(allow_none=True)  # the reply deadline


class ReportOut(ma.Schema):
    """A report: the full record to a caller with a key; without one, the public view
    (intake/public.py): only the id, category, status, routing (the grid), dates, co-reports,
    an approximate point and the description with personal data masked. Neither has the
    reporter's contact."""

    id = ma.fields.String()
    category = ma.fields.String()
    lat = ma.fields.Float(attribute="latitude", allow_none=True)
    long = ma.fields.Float(attribute="longitude", allow_none=True)
    description = ma.fields.String()
    channel = ma.fields.String()
    status = ma.fields.String()
    submitted_at = ma.fields.AwareDateTime()
    address_string = ma.fields.String(allow_none=True)
    attributes = ma.fields.Dict()
    media_url = ma.fields.String(allow_none=True)
    co_reports = ma.fields.Integer()
    on_behalf_of = ma.fields.String(allow_none=True)
    routing = ma.fields.Nested(Routing, allow_none=True)
    answer = ma.fields.Nested(Answer, allow_none=True)
    hidden = ma.fields.Nested(
        Hiding, allow_none=True, metadata={"description": "null unless hidden (full view only)"}
    )


class StatsQuery(ma.Schema):
    since = ma.fields.AwareDateTime(load_default=None)
    until = ma.fields.AwareDateTime(load_default=None)

    @ma.validates("since", "until")
    def _countable(self, moment: datetime | None, **_: object) -> None:
        a_countable_moment(moment)


class RepeatStats(ma.Schema):
    since = ma.fields.AwareDateTime()
    until = ma.fields.AwareDateTime()
    reports = ma.fields.Integer()
    cases = ma.fields.Integer()
    co_reports = ma.fields.Integer()
    repeat_rate = ma.fields.Float()


class ReportAccepted(ma.Schema):
    """201 to POST /api/v1/reports: `merged` when it joined an open case nearby (附议)."""

    id = ma.fields.String(required=True)
    merged = ma.fields.Boolean(required=True)
    follow_up_token = ma.fields.String(
        required=True,
        metadata={
            "description": "the reporter's secret for this report alone, shown once: header "
            "X-Follow-Up-Token to comment, add photos and read it in full"
        },
    )


class ReportList(ma.Schema):
    reports = ma.fields.List(ma.fields.Nested(ReportOut), required=True)
    next_cursor = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "null on the last page"}
    )


class UpdateCreated(ma.Schema):
    id = ma.fields.Integer(required=True)


class UpdateList(ma.Schema):
    updates = ma.fields.List(ma.fields.Nested(UpdateOut), required=True)


class Error(openapi.Error):
    """The codes intake answers, and what `details` holds for them."""

    error = ma.fields.String(
        required=True,
        metadata={
            "description": "what went wrong: invalid, bad_json, nul_character, refused, "
            "emergency, unknown_grid, bad_cursor, forbidden, not_found, too_large, "
            "too_many_requests"
        },
    )
    details = ma.fields.Raw(
        metadata={
            "description": "invalid: the fields' messages by field name; refused and "
            "emergency: every problem as {code, field, message}"
        }
    )
