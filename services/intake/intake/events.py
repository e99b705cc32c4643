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


class ContactShared(ma.Schema):
    report_id = ma.fields.String(required=True)  # the case, a co-report's too
    reporter_ref = ma.fields.String(required=True)
    co_report = ma.fields.Boolean(required=True)  # 附议: the reporter joined an open case
    address = ma.fields.String(required=True, validate=ma.validate.OneOf(("phone", "email")))
    contact = ma.fields.String(required=True)  # Fernet token: for notify's key alone


CONTACT_SHARED = EventType(
    "intake.contact.shared",
    1,
    ContactShared,
    "For notify alone: how to reach the reporter of a case, or of a co-report of it, so that "
    "they hear of its receipt, answers and resolution. `contact` is sealed with Fernet under the "
    "key intake and notify share (GONGZHI_CONTACT_KEY); no other service may consume this type. "
    "Written with the report it belongs to; notify keeps it sealed and purges it after the case "
    "closes.",
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
    work_order_id = ma.fields.String(
        allow_none=True, load_default=None, validate=ma.validate.Length(min=1, max=100)
    )


REPORT_REQUESTED = EventType(
    "intake.report.requested",
    1,
    ReportRequested,
    "A report from another system (a 12345 hotline platform, a video command centre, a police "
    "platform): publish it as a CloudEvent to exchange gongzhi.intake with this type as the "
    "routing key. It takes the same path as an HTTP report; one intake refuses goes to the "
    "dead-letter queue with the reasons. `reporter_contact` stays in intake's database. A "
    "platform the district names in `intake.platforms` (by the CloudEvents `source` it "
    "publishes with) gives its own `work_order_id` and hears back about that order on its queue "
    "outbound.<platform>: intake.work_order.accepted, answered, resolved and reopened. The same "
    "order sent again is taken once.",
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


class Answer(ma.Schema):
    text = ma.fields.String(required=True)
    photos = ma.fields.List(ma.fields.String(), required=True)  # http(s) URLs


class WorkOrderStep(ma.Schema):
    """One public step of the case that took a platform's work order in (办结反馈)."""

    platform = ma.fields.String(required=True)  # its id in the district's intake.platforms
    work_order_id = ma.fields.String(required=True)  # the platform's own
    report_id = ma.fields.String(required=True)  # the case, as Open311 and the native API show it
    status = ma.fields.String(required=True)  # the case's status after the step
    answer = ma.fields.Nested(Answer, allow_none=True, load_default=None)  # for the resident
    at = ma.fields.AwareDateTime(required=True)  # when the step was taken
    received_at = ma.fields.AwareDateTime(required=True)  # when intake took the order
    expected_at = ma.fields.AwareDateTime(allow_none=True, load_default=None)  # reply deadline


def _work_order_step(verb: str, what: str) -> EventType:
    return EventType(
        f"intake.work_order.{verb}",
        1,
        WorkOrderStep,
        f"For the platform that dispatched the work order: {what} Addressed to that platform "
        "alone (CloudEvents `recipient`, its id) and routed to its queue outbound.<platform>, "
        "in the order the steps were taken; `at` is each step's time.",
        outbound=True,
    )


WORK_ORDER_ACCEPTED = _work_order_step("accepted", "its case's owner accepted it (签收).")
WORK_ORDER_ANSWERED = _work_order_step(
    "answered", "the owner answered the resident (a reply, or a return with an answer)."
)
WORK_ORDER_RESOLVED = _work_order_step(
    "resolved", "the case is resolved, with the answer to the resident (办结): close the order."
)
WORK_ORDER_REOPENED = _work_order_step("reopened", "a supervisor reopened the resolved case.")
WORK_ORDER_STEPS = (
    WORK_ORDER_ACCEPTED,
    WORK_ORDER_ANSWERED,
    WORK_ORDER_RESOLVED,
    WORK_ORDER_REOPENED,
)

EMITS = (
    REPORT_SUBMITTED,
    REPORT_CORROBORATED,
    REPORT_UPDATED,
    CONTACT_SHARED,
    *WORK_ORDER_STEPS,
)
