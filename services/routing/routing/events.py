"""What routing emits and consumes."""

import marshmallow as ma

from gongzhi.catalogue import EventType
from gongzhi.district import model as district_model
from routing import clocks, config

TIERS = ma.validate.OneOf(district_model.TIERS)
LIGHTS = ma.validate.OneOf(clocks.LIGHTS)
CLOCK_NAMES = ma.validate.OneOf(config.CLOCKS)


class GridRef(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class Owner(ma.Schema):
    kind = ma.fields.String(required=True)  # grid_worker, community, street, department, ...
    id = ma.fields.String(required=True)


class Clock(ma.Schema):
    """One SLA clock. Times are none while the case is paused, or when the working-day
    calendar lacks the year a time falls in (then `unscheduled` says which). `provisional`
    lists the times reckoned through a year whose holidays are not yet published: they move
    when it is."""

    clock = ma.fields.String(required=True, validate=CLOCK_NAMES)
    calendar = ma.fields.String(required=True, validate=ma.validate.OneOf(("working", "natural")))
    light = ma.fields.String(required=True, validate=LIGHTS)
    started_at = ma.fields.AwareDateTime(required=True)
    stopped_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    deadline = ma.fields.AwareDateTime(required=True, allow_none=True)
    yellow_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    red_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    unscheduled = ma.fields.String()
    provisional = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(clocks.TIMES)))


class CoHandler(ma.Schema):
    owner = ma.fields.Nested(Owner, required=True)
    task = ma.fields.String(required=True)
    done_at = ma.fields.AwareDateTime(allow_none=True)


class CaseState(ma.Schema):
    """The case as it stands after the change."""

    issue_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    grid = ma.fields.Nested(GridRef, allow_none=True, required=True)
    tier = ma.fields.String(required=True, validate=TIERS)
    owner = ma.fields.Nested(Owner, required=True)
    status = ma.fields.String(required=True)
    light = ma.fields.String(required=True, allow_none=True, validate=LIGHTS)
    assigned_at = ma.fields.AwareDateTime(required=True)
    paused = ma.fields.Boolean(required=True)
    clocks = ma.fields.List(ma.fields.Nested(Clock), required=True)
    co_handlers = ma.fields.List(ma.fields.Nested(CoHandler), required=True)


class Answer(ma.Schema):
    """What the resident is told (办结情况告知), apart from the internal reason."""

    text = ma.fields.String(required=True)
    photos = ma.fields.List(ma.fields.String(), required=True)  # http(s) URLs


class Transition(CaseState):
    action = ma.fields.String(required=True)  # assign, accept, reply, transfer, escalate, ...
    actor = ma.fields.String(
        required=True, validate=ma.validate.OneOf(("owner", "supervisor", "system", "co_handler"))
    )
    reason = ma.fields.String(required=True)
    from_status = ma.fields.String(required=True, allow_none=True)
    from_owner = ma.fields.Nested(Owner, required=True, allow_none=True)
    from_tier = ma.fields.String(required=True, allow_none=True, validate=TIERS)
    answer = ma.fields.Nested(Answer)  # reply, resolve (always) and return: for the resident
    at = ma.fields.AwareDateTime(required=True)


class LightChanged(ma.Schema):
    issue_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    clock = ma.fields.String(required=True, validate=CLOCK_NAMES)
    from_light = ma.fields.String(required=True, validate=LIGHTS)
    to_light = ma.fields.String(required=True, validate=LIGHTS)
    tier = ma.fields.String(required=True, validate=TIERS)
    owner = ma.fields.Nested(Owner, required=True)
    at = ma.fields.AwareDateTime(required=True)


class Warned(ma.Schema):
    issue_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    clock = ma.fields.String(required=True, validate=CLOCK_NAMES)
    light = ma.fields.String(required=True, validate=LIGHTS)  # the light to come
    turns_at = ma.fields.AwareDateTime(required=True)
    tier = ma.fields.String(required=True, validate=TIERS)
    owner = ma.fields.Nested(Owner, required=True)
    supervisors = ma.fields.List(ma.fields.String(), required=True)  # roster ids


ISSUE_ASSIGNED = EventType(
    "routing.issue.assigned",
    1,
    Transition,
    "An issue has a new owner: assigned when reported, or moved by transfer, escalation or "
    "return. Carries the grid, tier, owner, co-handlers and clocks.",
)
ISSUE_TRANSITIONED = EventType(
    "routing.issue.transitioned",
    1,
    Transition,
    "Any step in an issue's life (assign, accept, start, reply, resolve, close, reopen, "
    "transfer, escalate, return, pause and extension requests and decisions), with the case "
    "as it now stands. A reply or a return may carry an `answer` for the resident, a "
    "resolution always does; `reason` is internal.",
)
LIGHT_CHANGED = EventType(
    "routing.issue.light_changed",
    1,
    LightChanged,
    "One of an issue's clocks turned yellow or red (the sweeper).",
)
ISSUE_WARNED = EventType(
    "routing.issue.warned",
    1,
    Warned,
    "An issue's clock is about to turn yellow or red: its supervisors are told.",
)

EMITS = (ISSUE_ASSIGNED, ISSUE_TRANSITIONED, LIGHT_CHANGED, ISSUE_WARNED)
CONSUMES = (
    "intake.report.submitted.v1",
    "deliberation.matter.decided.v1",
    "deliberation.task.assigned.v1",
    "scoring.rating.recorded.v1",  # an unsatisfied rating reopens the case (ratings.py)
)
