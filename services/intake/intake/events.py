"""What intake emits and consumes."""

import marshmallow as ma

from gongzhi.catalogue import EventType
from intake.geo import COORDINATE_SYSTEMS

CHANNELS = ("app", "wechat", "grid_worker", "hotline", "walk_in", "sweep", "platform", "api")


class Location(ma.Schema):
    lat = ma.fields.Float(required=True, validate=ma.validate.Range(-90, 90))
    long = ma.fields.Float(required=True, validate=ma.validate.Range(-180, 180))


class ReportSubmitted(ma.Schema):
    report_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    location = ma.fields.Nested(Location, required=True, allow_none=True)  # None: address only
    address_string = ma.fields.String(allow_none=True, load_default=None)
    description = ma.fields.String(required=True)
    channel = ma.fields.String(required=True)
    reporter_ref = ma.fields.String(allow_none=True, load_default=None)
    submitted_at = ma.fields.AwareDateTime(required=True)


REPORT_SUBMITTED = EventType(
    "intake.report.submitted",
    1,
    ReportSubmitted,
    "A resident's concern was accepted by intake. No contact details: `reporter_ref` is a keyed "
    "pseudonym of the reporter.",
)


class ReportCorroborated(ma.Schema):
    report_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    reporter_ref = ma.fields.String(allow_none=True, load_default=None)
    channel = ma.fields.String(required=True)
    co_reports = ma.fields.Integer(required=True)
    submitted_at = ma.fields.AwareDateTime(required=True)


REPORT_CORROBORATED = EventType(
    "intake.report.corroborated",
    1,
    ReportCorroborated,
    "Another resident reported an open case again (附议): merged into it as a co-report. "
    "`co_reports` is the case's count of co-reports so far.",
)

CONSUMES = ("routing.issue.transitioned.v1", "intake.report.requested.v1")


class ReportRequested(ma.Schema):
    category = ma.fields.String(required=True)
    location = ma.fields.Nested(Location, required=True)
    coordinate_system = ma.fields.String(
        load_default="wgs84", validate=ma.validate.OneOf(COORDINATE_SYSTEMS)
    )
    description = ma.fields.String(required=True)
    address_string = ma.fields.String(allow_none=True, load_default=None)
    attributes = ma.fields.Dict(load_default=dict)
    media_url = ma.fields.String(allow_none=True, load_default=None)
    channel = ma.fields.String(required=True, validate=ma.validate.OneOf(CHANNELS))
    reporter_contact = ma.fields.String(allow_none=True, load_default=None)


REPORT_REQUESTED = EventType(
    "intake.report.requested",
    1,
    ReportRequested,
    "A report from another system (a 12345 hotline platform, a video command centre, a police "
    "platform): publish it as a CloudEvent to exchange gongzhi.intake with this type as the "
    "routing key. It takes the same path as an HTTP report; one intake refuses goes to the "
    "dead-letter queue with the reasons. `reporter_contact` stays in intake's database.",
    inbound=True,
)

INBOUND = (REPORT_REQUESTED,)


class ReportUpdated(ma.Schema):
    report_id = ma.fields.String(required=True)
    update_id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(("comment", "photo")))
    author = ma.fields.String(required=True, validate=ma.validate.OneOf(("reporter", "staff")))
    text = ma.fields.String(required=True)
    media_url = ma.fields.String(allow_none=True, load_default=None)
    created_at = ma.fields.AwareDateTime(required=True)


REPORT_UPDATED = EventType(
    "intake.report.updated",
    1,
    ReportUpdated,
    "Someone added to a report: a comment or a photo, from the reporter or from staff.",
)

EMITS = (REPORT_SUBMITTED, REPORT_CORROBORATED, REPORT_UPDATED)
