"""The wire schemas of the matters' routes (the vote's are in schemas.py). Person ids and
residents' refs are ids, never names or contacts (validators.person); a matter's id in a path
is a UUID, a meeting's a number, anything else a 404."""

import re
from typing import Any

import marshmallow as ma

from deliberation.state import STATUSES
from deliberation.validators import NAME, SLUG, person
from gongzhi import openapi
from gongzhi.district.model import TIERS
from gongzhi.web import HttpError

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_MEETING_ID = 2**31 - 1  # the column is an INTEGER
TITLE = ma.validate.Length(min=1, max=200)
TEXT = ma.validate.Length(min=1, max=20_000)
CODE = ma.validate.Length(min=1, max=50)
PLACE = ma.validate.Length(min=1, max=200)


def matter_id(given: str) -> str:
    """A matter's id from a URL; a 404 for anything no matter can have."""
    if not UUID.match(given):
        raise HttpError(404, "not_found", "no matter by that id")
    return given


def meeting_id(given: str) -> int:
    if not (given.isascii() and given.isdigit() and 0 < int(given[:12]) <= MAX_MEETING_ID):
        raise HttpError(404, "not_found", "no meeting by that id")
    return int(given)


def _person(**kwargs: Any) -> ma.fields.String:
    return ma.fields.String(validate=[ma.validate.Length(max=100), person], **kwargs)


class Error(openapi.Error):
    """The codes deliberation answers."""

    error = ma.fields.String(
        required=True,
        metadata={
            "description": "what went wrong: forbidden, too_many_requests, invalid, bad_json, "
            "nul_character, not_found, refused, too_large"
        },
    )


class MatterIn(ma.Schema):
    community = ma.fields.String(required=True, validate=CODE)
    title = ma.fields.String(required=True, validate=TITLE)
    description = ma.fields.String(required=True, validate=TEXT)
    origin = ma.fields.String(
        required=True, validate=ma.validate.OneOf(("grid_meeting", "staff", "listed"))
    )
    process = ma.fields.String(validate=[CODE, SLUG])
    listed_code = ma.fields.String(validate=[CODE, SLUG])

    @ma.validates_schema
    def _listed(self, data: dict[str, Any], **_: Any) -> None:
        if (data["origin"] == "listed") != ("listed_code" in data):
            raise ma.ValidationError("a listed matter, and it alone, names its listed_code")


class ProposalIn(ma.Schema):
    community = ma.fields.String(required=True, validate=CODE)
    title = ma.fields.String(required=True, validate=TITLE)
    description = ma.fields.String(required=True, validate=TEXT)
    resident_ref = _person(required=True)


class CoSignIn(ma.Schema):
    resident_ref = _person(required=True)


class PromotionIn(ma.Schema):
    issue_ids = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=36)),
        required=True,
        validate=[ma.validate.Length(min=1, max=100)],
    )
    title = ma.fields.String(required=True, validate=TITLE)
    description = ma.fields.String(required=True, validate=TEXT)
    into = ma.fields.String(validate=ma.validate.Regexp(UUID, error="a matter's id"))

    @ma.validates("issue_ids")
    def _unique(self, value: list[str], **_: Any) -> None:
        if len(set(value)) != len(value):
            raise ma.ValidationError("a case is listed twice")


class Stakeholder(ma.Schema):
    person = _person(required=True)
    party = ma.fields.String(required=True, validate=[CODE, NAME])


class CallIn(ma.Schema):
    place = ma.fields.String(required=True, validate=PLACE)
    agenda = ma.fields.String(required=True, validate=TEXT)
    starts_at = ma.fields.AwareDateTime(
        metadata={"description": "left out: the community's next standing monthly meeting"}
    )
    stakeholders = ma.fields.List(
        ma.fields.Nested(Stakeholder), load_default=list, validate=ma.validate.Length(max=200)
    )


class AttendanceIn(ma.Schema):
    present = ma.fields.List(_person(), required=True, validate=ma.validate.Length(max=1000))


class MinutesIn(ma.Schema):
    meeting_id = ma.fields.Integer(
        required=True, strict=True, validate=ma.validate.Range(1, MAX_MEETING_ID)
    )
    summary = ma.fields.String(required=True, validate=TEXT)
    opinions = ma.fields.Dict(
        keys=ma.fields.String(validate=[CODE, NAME]),
        values=ma.fields.String(validate=TEXT),
        required=True,
    )


class Owner(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=30))
    id = ma.fields.String(required=True, validate=PLACE)


class TaskIn(ma.Schema):
    title = ma.fields.String(required=True, validate=TITLE)
    owner = ma.fields.Nested(Owner, required=True)
    category = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    tier = ma.fields.String(required=True, validate=ma.validate.OneOf(TIERS))
    due_at = ma.fields.AwareDateTime(load_default=None, allow_none=True)


class PlanIn(ma.Schema):
    summary = ma.fields.String(required=True, validate=TEXT)
    tasks = ma.fields.List(
        ma.fields.Nested(TaskIn), required=True, validate=ma.validate.Length(max=100)
    )


class ReviewIn(ma.Schema):
    answers = ma.fields.Dict(
        keys=ma.fields.String(validate=[CODE, SLUG]), values=ma.fields.Boolean(), required=True
    )
    approved = ma.fields.Boolean(required=True)
    reasons = ma.fields.String(load_default="", validate=ma.validate.Length(max=20_000))


class MatterQuery(ma.Schema):
    community = ma.fields.String(validate=CODE, load_default=None)
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES), load_default=None)


class MatterOut(ma.Schema):
    id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    process = ma.fields.String(required=True)
    step = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    origin = ma.fields.String(required=True)
    listed_code = ma.fields.String(allow_none=True, required=True)
    step_started_at = ma.fields.AwareDateTime(required=True)
    step_due_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    overdue = ma.fields.Boolean(required=True)
    created_at = ma.fields.AwareDateTime(required=True)


class MattersOut(ma.Schema):
    matters = ma.fields.List(ma.fields.Nested(MatterOut), required=True)


class Attendee(ma.Schema):
    person = ma.fields.String(required=True)
    party = ma.fields.String(required=True)
    attended = ma.fields.Boolean(required=True, allow_none=True)


class MeetingOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    starts_at = ma.fields.AwareDateTime(required=True)
    place = ma.fields.String(required=True)
    agenda = ma.fields.String(required=True)
    standing = ma.fields.Boolean(required=True)
    status = ma.fields.String(required=True)
    attendees = ma.fields.List(ma.fields.Nested(Attendee), required=True)


class MinutesOut(ma.Schema):
    meeting_id = ma.fields.Integer(required=True)
    summary = ma.fields.String(required=True)
    opinions = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)
    recorded_at = ma.fields.AwareDateTime(required=True)


class TaskOut(ma.Schema):
    id = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    owner_kind = ma.fields.String(required=True)
    owner_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    tier = ma.fields.String(required=True)
    due_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    # None until the plan is carried; then dispatch.STATES
    state = ma.fields.String(required=True, allow_none=True)
    state_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    sent_at = ma.fields.AwareDateTime(required=True, allow_none=True)  # to routing, as a case


class PlanOut(ma.Schema):
    summary = ma.fields.String(required=True)
    written_at = ma.fields.AwareDateTime(required=True)
    tasks = ma.fields.List(ma.fields.Nested(TaskOut), required=True)


class ReviewOut(ma.Schema):
    answers = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Boolean(), required=True)
    approved = ma.fields.Boolean(required=True)
    reasons = ma.fields.String(required=True)
    reviewed_by = ma.fields.String(required=True)
    reviewed_at = ma.fields.AwareDateTime(required=True)


class OutcomeOut(ma.Schema):
    """A closed evaluation: the ratings per verdict, the review date that brings it back."""

    counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), required=True)
    review_on = ma.fields.Date(required=True, allow_none=True)
    closed_at = ma.fields.AwareDateTime(required=True)


class MatterDetailOut(MatterOut):
    issue_ids = ma.fields.List(ma.fields.String(), required=True)
    co_signers = ma.fields.Integer(required=True)
    meetings = ma.fields.List(ma.fields.Nested(MeetingOut), required=True)
    minutes = ma.fields.List(ma.fields.Nested(MinutesOut), required=True)
    plan = ma.fields.Nested(PlanOut, required=True, allow_none=True)
    reviews = ma.fields.List(ma.fields.Nested(ReviewOut), required=True)
    evaluation = ma.fields.Nested(OutcomeOut, required=True, allow_none=True)


class MeetingCalledOut(ma.Schema):
    meeting_id = ma.fields.Integer(required=True)


class AttendanceOut(ma.Schema):
    meeting_id = ma.fields.Integer(required=True)
    matter_ids = ma.fields.List(ma.fields.String(), required=True)


class WorkItem(MatterOut):
    votes_for = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={
            "description": "at an open vote: the voters whose ballot is still theirs to cast"
        },
    )


class WorkOut(ma.Schema):
    member = ma.fields.String(required=True)
    matters = ma.fields.List(ma.fields.Nested(WorkItem), required=True)
