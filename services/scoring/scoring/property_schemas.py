"""The property routes' wire schemas: an inspection in, the year's ranking and a company's
integrity file out."""

import marshmallow as ma

from scoring.assessment_schemas import Ratings


class InspectionIn(ma.Schema):
    company = ma.fields.String(required=True, validate=ma.validate.Length(1, 100))
    inspected_on = ma.fields.Date(required=True)
    mark = ma.fields.Float(required=True, validate=ma.validate.Range(0, 100))
    note = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.Length(0, 500))


class InspectionOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    company = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    inspected_on = ma.fields.Date(required=True)
    mark = ma.fields.Float(required=True)
    note = ma.fields.String(required=True, allow_none=True)


class CompanyYear(ma.Schema):
    rank = ma.fields.Integer(required=True, allow_none=True)  # none: nothing to judge
    company = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    ratings = ma.fields.Nested(Ratings, required=True)
    satisfaction = ma.fields.Float(required=True, allow_none=True)
    inspections = ma.fields.Integer(required=True)
    inspection_mark = ma.fields.Float(required=True, allow_none=True)
    score = ma.fields.Float(required=True, allow_none=True)


class RankingOut(ma.Schema):
    year = ma.fields.Integer(required=True)
    companies = ma.fields.List(ma.fields.Nested(CompanyYear), required=True)


class FileEntry(ma.Schema):
    """kind: ratings (a month's, by verdict), inspection (its mark), yellow_card (its month)."""

    kind = ma.fields.String(required=True)
    on = ma.fields.String(required=True)  # a date, 2026-10-05
    month = ma.fields.String()
    ratings = ma.fields.Nested(Ratings)
    mark = ma.fields.Float()
    note = ma.fields.String(allow_none=True)
    score = ma.fields.Float(allow_none=True)


class FileOut(ma.Schema):
    company = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    entries = ma.fields.List(ma.fields.Nested(FileEntry), required=True)
