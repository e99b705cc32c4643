"""The HTTP wire schemas of a carried plan's execution and its evaluation (execute_service.py)."""

import marshmallow as ma

from deliberation.dispatch import STATES


class EmptyIn(ma.Schema):
    """A POST that takes nothing but the key: `{}`."""


class TaskDoneOut(ma.Schema):
    matter_id = ma.fields.String(required=True)
    task_id = ma.fields.String(required=True)
    state = ma.fields.String(required=True, validate=ma.validate.OneOf(STATES))
