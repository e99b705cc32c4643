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

EMITS = (MATTER_DECIDED, TASK_ASSIGNED)
CONSUMES = ("routing.issue.assigned.v1",)
