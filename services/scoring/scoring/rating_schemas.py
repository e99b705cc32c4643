"""The HTTP wire schemas of ratings: a resident's verdict (JSON, or the page's form), a staff
follow-up's (回访), the public's, and what is answered."""

import marshmallow as ma

from scoring.assessment_events import Owner
from scoring.ratings_config import SOURCES, VERDICTS

VERDICT = ma.validate.OneOf(VERDICTS)


class VerdictIn(ma.Schema):
    """e.g. `{"verdict": "unsatisfied", "reasons": ["not_fixed"], "comment": "还在漏水"}`"""

    verdict = ma.fields.String(required=True, validate=VERDICT)
    reasons = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(1, 50)),
        load_default=list,
        validate=ma.validate.Length(max=10),
    )
    comment = ma.fields.String(
        load_default=None, allow_none=True, validate=ma.validate.Length(max=1000)
    )


class FollowUpIn(VerdictIn):
    """e.g. `{"verdict": "satisfied", "method": "call"}`: a call or a visit (上门回访)."""

    method = ma.fields.String(required=True, validate=ma.validate.OneOf(("visit", "call")))


class PublicScoreIn(ma.Schema):
    """Anyone's verdict on a published answer: the three verdicts, no comment."""

    verdict = ma.fields.String(required=True, validate=VERDICT)


class RatingOut(ma.Schema):
    """A rating as recorded, as scoring.rating.recorded.v1 carries it (no comment)."""

    rating_id = ma.fields.String(required=True)
    issue_id = ma.fields.String(required=True)
    verdict = ma.fields.String(required=True, validate=VERDICT)
    source = ma.fields.String(required=True, validate=ma.validate.OneOf(SOURCES))
    reasons = ma.fields.List(ma.fields.String(), required=True)
    rated_at = ma.fields.String(required=True)
    owner = ma.fields.Nested(Owner, required=True)
    department = ma.fields.String(required=True, allow_none=True)
    community = ma.fields.String(required=True, allow_none=True)
    category = ma.fields.String(required=True)


class Counts(ma.Schema):
    satisfied = ma.fields.Integer(required=True)
    basically = ma.fields.Integer(required=True)
    unsatisfied = ma.fields.Integer(required=True)


class PublicScoresOut(ma.Schema):
    """A case's published answer (masked) and the public's verdicts on it; `satisfaction` is
    satisfied and basically satisfied over all, none before the first."""

    issue_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    answer = ma.fields.String(required=True)
    counts = ma.fields.Nested(Counts, required=True)
    total = ma.fields.Integer(required=True)
    satisfaction = ma.fields.Float(required=True, allow_none=True)
