"""The HTTP wire schemas of a carried plan's execution and its evaluation (execute_service.py)."""

import marshmallow as ma

from deliberation.dispatch import STATES
from deliberation.evaluation import ASSEMBLY, RESIDENT, VERDICTS
from deliberation.events import Verdicts

RATERS = (ASSEMBLY, RESIDENT)


class EmptyIn(ma.Schema):
    """A POST that takes nothing but the key: `{}`."""


class TaskDoneOut(ma.Schema):
    matter_id = ma.fields.String(required=True)
    task_id = ma.fields.String(required=True)
    state = ma.fields.String(required=True, validate=ma.validate.OneOf(STATES))


class RatingIn(ma.Schema):
    """A rating: a member's own, or a resident app's for a resident by `resident_ref`."""

    verdict = ma.fields.String(required=True, validate=ma.validate.OneOf(VERDICTS))
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))
    resident_ref = ma.fields.String(load_default=None, validate=ma.validate.Length(1, 200))


class RatingOut(ma.Schema):
    matter_id = ma.fields.String(required=True)
    rater_kind = ma.fields.String(required=True, validate=ma.validate.OneOf(RATERS))
    verdict = ma.fields.String(required=True, validate=ma.validate.OneOf(VERDICTS))


class EvaluationIn(ma.Schema):
    """Close the evaluation; `review_on`, a working day to come, brings the matter back."""

    review_on = ma.fields.Date(load_default=None, allow_none=True)


class EvaluationOut(ma.Schema):
    matter_id = ma.fields.String(required=True)
    step = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    counts = ma.fields.Nested(Verdicts, required=True)
    review_on = ma.fields.Date(required=True, allow_none=True)
