"""What routing emits and consumes."""

import marshmallow as ma

from gongzhi.catalogue import EventType


class GridRef(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class Owner(ma.Schema):
    kind = ma.fields.String(required=True)  # grid_worker, community, street, department, ...
    id = ma.fields.String(required=True)


class IssueAssigned(ma.Schema):
    issue_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    grid = ma.fields.Nested(GridRef, allow_none=True, required=True)
    tier = ma.fields.String(
        required=True, validate=ma.validate.OneOf(("grid", "community", "street", "district"))
    )
    owner = ma.fields.Nested(Owner, required=True)
    assigned_at = ma.fields.AwareDateTime(required=True)


ISSUE_ASSIGNED = EventType(
    "routing.issue.assigned",
    1,
    IssueAssigned,
    "An issue was assigned to its owner: the grid it lies in, the tier and who handles it.",
)

EMITS = (ISSUE_ASSIGNED,)
CONSUMES = ("intake.report.submitted.v1",)
