"""What intake emits and consumes."""

import marshmallow as ma

from gongzhi.catalogue import EventType


class Location(ma.Schema):
    lat = ma.fields.Float(required=True, validate=ma.validate.Range(-90, 90))
    long = ma.fields.Float(required=True, validate=ma.validate.Range(-180, 180))


class ReportSubmitted(ma.Schema):
    report_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    location = ma.fields.Nested(Location, required=True)
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

EMITS = (REPORT_SUBMITTED, REPORT_CORROBORATED)
CONSUMES = ("routing.issue.assigned.v1",)
