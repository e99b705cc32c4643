"""What deliberation emits and consumes.

A matter (议题) links the routing cases it was promoted from. When the assembly's vote closes,
`deliberation.matter.decided` carries the decision in words for the residents: routing gives it
to every linked case as its answer (议事结果告知), and so it reaches their reporters. Each task
of a carried plan that belongs to a department or a unit becomes a routing case of its own
(`deliberation.task.assigned`), whose id is the task's, so its steps come back on
`routing.issue.transitioned`."""

import marshmallow as ma

from gongzhi.catalogue import EventType


class Owner(ma.Schema):
    kind = ma.fields.String(required=True)  # department, community, street, grid_worker, ...
    id = ma.fields.String(required=True)


class Answer(ma.Schema):
    """The decision as residents read it; photos are http(s) URLs."""

    text = ma.fields.String(required=True, validate=ma.validate.Length(min=1))
    photos = ma.fields.List(ma.fields.String(), load_default=list)


class MatterDecided(ma.Schema):
    matter_id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    carried = ma.fields.Boolean(required=True)
    answer = ma.fields.Nested(Answer, required=True)
    issue_ids = ma.fields.List(ma.fields.String(), required=True)  # the promoted cases
    decided_at = ma.fields.AwareDateTime(required=True)


class TaskAssigned(ma.Schema):
    task_id = ma.fields.String(required=True)  # also the id of the routing case it becomes
    matter_id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1))
    category = ma.fields.String(required=True)  # one of the district's categories
    tier = ma.fields.String(required=True)
    owner = ma.fields.Nested(Owner, required=True)
    due_at = ma.fields.AwareDateTime(required=True, allow_none=True)  # the plan's deadline
    assigned_at = ma.fields.AwareDateTime(required=True)


MATTER_DECIDED = EventType(
    "deliberation.matter.decided",
    1,
    MatterDecided,
    "The assembly's vote on a matter closed, carried or not: the decision in words for the "
    "residents, and the routing cases promoted into the matter, each of which takes it as its "
    "answer.",
)
TASK_ASSIGNED = EventType(
    "deliberation.task.assigned",
    1,
    TaskAssigned,
    "A task of a carried plan (联动办事) for a department or a unit: routing opens a case of "
    "that owner with the task's id, linked to the matter.",
)


class Counts(ma.Schema):
    agree = ma.fields.Integer(required=True)
    abstain = ma.fields.Integer(required=True)
    disagree = ma.fields.Integer(required=True)
    block = ma.fields.Integer(required=True)


class Turnout(ma.Schema):
    eligible = ma.fields.Integer(required=True)  # on the roster as it stood when the vote opened
    took_part = ma.fields.Integer(required=True)  # abstaining counts
    by_proxy = ma.fields.Integer(required=True)


class PartyResult(ma.Schema):
    party = ma.fields.String(required=True)
    counts = ma.fields.Nested(Counts, required=True)
    turnout = ma.fields.Nested(Turnout, required=True)


class Reason(ma.Schema):
    code = ma.fields.String(required=True)  # quorum, party_quorum, majority, party_majority, veto
    party = ma.fields.String(required=True, allow_none=True)


class VoteClosed(ma.Schema):
    matter_id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    carried = ma.fields.Boolean(required=True)
    counts = ma.fields.Nested(Counts, required=True)
    turnout = ma.fields.Nested(Turnout, required=True)
    parties = ma.fields.List(ma.fields.Nested(PartyResult), required=True)
    reasons = ma.fields.List(ma.fields.Nested(Reason), required=True)  # empty when carried
    secret = ma.fields.Boolean(required=True)
    # Who cast a counted ballot (in person, by proxy, on paper once confirmed), sorted; never
    # with an option, secret or not: scoring's rules earn council members points by it. A
    # secret vote leaves out a party's paper voters while one of them is unconfirmed.
    voters = ma.fields.List(ma.fields.String(), required=True)
    chain_hash = ma.fields.String(required=True)  # the matter's log as it stood at close:
    chain_length = ma.fields.Integer(required=True)  # its last hash and length (its head)
    closed_at = ma.fields.AwareDateTime(required=True)


VOTE_CLOSED = EventType(
    "deliberation.vote.closed",
    1,
    VoteClosed,
    "The assembly's vote on a matter closed: its tally per party, published at once, carried "
    "or not with every reason, who voted (never how), and the head of the matter's log (its "
    "length and last hash), which `gongzhi deliberation verify` holds the log to.",
)


class MatterOpened(ma.Schema):
    matter_id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    process = ma.fields.String(required=True)
    origin = ma.fields.String(required=True)  # proposal, grid_meeting, staff, listed, promoted
    issue_ids = ma.fields.List(ma.fields.String(), required=True)  # the promoted cases
    opened_at = ma.fields.AwareDateTime(required=True)


class MatterStepped(ma.Schema):
    matter_id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    process = ma.fields.String(required=True)
    from_step = ma.fields.String(required=True, allow_none=True)
    step = ma.fields.String(required=True)  # the step it is now at (the last, once it ends)
    step_name = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    why = ma.fields.String(required=True)  # produced, approved, sent_back, carried, ...
    due_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    at = ma.fields.AwareDateTime(required=True)
    # once the matter ends (status closed or failed): the head of its log, as recorded
    chain_length = ma.fields.Integer()
    chain_hash = ma.fields.String()
    # person ids who act on the step entered (none once it ends): a review date's return
    # (why `review_date`) is told to them
    parties = ma.fields.List(ma.fields.String(), load_default=list)


class ReviewFiled(ma.Schema):
    matter_id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    street = ma.fields.String(required=True)  # the street's grid code
    supervisors = ma.fields.List(ma.fields.String(), required=True)  # the street's roster ids
    title = ma.fields.String(required=True)  # masked: no one's name or phone
    answers = ma.fields.Dict(ma.fields.String(), ma.fields.Boolean(), required=True)
    plan_summary = ma.fields.String(required=True)  # masked
    tasks = ma.fields.Integer(required=True)  # how many tasks the plan divides
    filed_at = ma.fields.AwareDateTime(required=True)


class MeetingCalled(ma.Schema):
    meeting_id = ma.fields.Integer(required=True)
    community = ma.fields.String(required=True)
    matter_ids = ma.fields.List(ma.fields.String(), required=True)
    titles = ma.fields.List(ma.fields.String(), required=True)  # the matters', in order
    starts_at = ma.fields.AwareDateTime(required=True)
    place = ma.fields.String(required=True)
    agenda = ma.fields.String(required=True)
    standing = ma.fields.Boolean(required=True)  # the community's monthly meeting
    parties = ma.fields.List(ma.fields.String(), required=True)  # person ids invited
    called_at = ma.fields.AwareDateTime(required=True)


class StepWarned(ma.Schema):
    matter_id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    step = ma.fields.String(required=True)
    step_name = ma.fields.String(required=True)
    due_at = ma.fields.AwareDateTime(required=True)
    parties = ma.fields.List(ma.fields.String(), required=True)  # person ids who act on it


MATTER_OPENED = EventType(
    "deliberation.matter.opened",
    1,
    MatterOpened,
    "A matter is open for deliberation: a residents' proposal reached its co-signers, a grid "
    "joint meeting or staff raised it, the district's list required it, or routing's cases "
    "were promoted into it.",
)
MATTER_STEPPED = EventType(
    "deliberation.matter.stepped",
    1,
    MatterStepped,
    "A matter moved to another step of its process (on, or back after a review sent it "
    "back or a vote was not carried), or ended: `status` says which; an ended matter carries "
    "the head of its log (chain_length, chain_hash).",
)
REVIEW_FILED = EventType(
    "deliberation.review.filed",
    1,
    ReviewFiled,
    "The community party committee approved a matter's plan and filed it with the street "
    "(备案): the checklist's answers and the plan's summary, masked; the street's supervisors "
    "are told.",
)
MEETING_CALLED = EventType(
    "deliberation.meeting.called",
    1,
    MeetingCalled,
    "A council meeting is called on one or more matters: every party of the council and the "
    "matters' stakeholders are invited, their person ids in `parties`.",
)
STEP_WARNED = EventType(
    "deliberation.step.warned",
    1,
    StepWarned,
    "A matter's step passed its deadline without moving on: those who act on it are told, once "
    "a step.",
)


class Verdicts(ma.Schema):
    satisfied = ma.fields.Integer(required=True)
    basically = ma.fields.Integer(required=True)  # basically satisfied (基本满意)
    unsatisfied = ma.fields.Integer(required=True)


class MatterEvaluated(ma.Schema):
    matter_id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    counts = ma.fields.Nested(Verdicts, required=True)
    review_on = ma.fields.Date(required=True, allow_none=True)  # the day it comes back, if set
    evaluated_at = ma.fields.AwareDateTime(required=True)
    parties = ma.fields.List(ma.fields.String(), required=True)  # the council's person ids


MATTER_EVALUATED = EventType(
    "deliberation.matter.evaluated",
    1,
    MatterEvaluated,
    "The evaluation of a carried-out matter closed (民主评事): the ratings of the assembly and "
    "the residents concerned counted per verdict, and the review date that brings it back.",
)

EMITS = (
    MATTER_DECIDED,
    TASK_ASSIGNED,
    VOTE_CLOSED,
    MATTER_OPENED,
    MATTER_STEPPED,
    MEETING_CALLED,
    STEP_WARNED,
    MATTER_EVALUATED,
    REVIEW_FILED,
)
CONSUMES = (
    "routing.issue.assigned.v1",
    "routing.issue.light_changed.v1",
    "routing.issue.transitioned.v1",  # a task's case: its steps (tasks.py)
    "intake.report.submitted.v1",  # who reported a case (residents.py)
    "intake.report.corroborated.v1",
)
