"""The HTTP wire schemas of the plans filed with a street (filing_service.py)."""

import marshmallow as ma

STREET = ma.validate.Length(min=1, max=50)


class Filing(ma.Schema):
    matter_id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    title = ma.fields.String(required=True, metadata={"description": "masked"})
    answers = ma.fields.Dict(
        ma.fields.String(),
        ma.fields.Boolean(),
        required=True,
        metadata={"description": "the review's checklist, each item's code checked"},
    )
    plan_summary = ma.fields.String(required=True, metadata={"description": "masked"})
    tasks = ma.fields.Integer(required=True, metadata={"description": "tasks the plan divides"})
    filed_at = ma.fields.DateTime(required=True)


class FilingsOut(ma.Schema):
    street = ma.fields.String(required=True)
    filings = ma.fields.List(ma.fields.Nested(Filing), required=True)
