"""Assessment's HTTP answers (assessment_views.py builds them; these document them)."""

import marshmallow as ma

from scoring.assessment_events import Owner


class Ratings(ma.Schema):
    count = ma.fields.Integer(required=True)
    satisfied = ma.fields.Integer(required=True)
    basically = ma.fields.Integer(required=True)
    unsatisfied = ma.fields.Integer(required=True)


class Figures(ma.Schema):
    """Rates in [0, 1]; none where the month had nothing to count."""

    response_on_time = ma.fields.Float(required=True, allow_none=True)
    reply_on_time = ma.fields.Float(required=True, allow_none=True)
    resolution = ma.fields.Float(required=True, allow_none=True)
    satisfaction = ma.fields.Float(required=True, allow_none=True)
    repeat = ma.fields.Float(required=True, allow_none=True)


class OwnerMonth(ma.Schema):
    owner = ma.fields.Nested(Owner, required=True)
    department = ma.fields.String(required=True, allow_none=True)
    cases = ma.fields.Integer(required=True)
    ratings = ma.fields.Nested(Ratings, required=True)
    figures = ma.fields.Nested(Figures, required=True)
    score = ma.fields.Float(required=True, allow_none=True)  # none: under min_cases
    closed = ma.fields.Boolean(required=True)  # scored when the month closed
    card = ma.fields.Boolean(required=True)  # a yellow card went out


class CommunityMonth(ma.Schema):
    community = ma.fields.String(required=True)
    cases = ma.fields.Integer(required=True)
    figures = ma.fields.Nested(Figures, required=True)


class MonthOut(ma.Schema):
    month = ma.fields.String(required=True)
    closed = ma.fields.Boolean(required=True)
    threshold = ma.fields.Float(required=True)
    owners = ma.fields.List(ma.fields.Nested(OwnerMonth), required=True)
    communities = ma.fields.List(ma.fields.Nested(CommunityMonth), required=True)


class DepartmentMonthOut(OwnerMonth):
    month = ma.fields.String(required=True)
    threshold = ma.fields.Float(required=True)
