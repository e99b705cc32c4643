"""Rankings' HTTP wire schemas: a person's consent to be shown, and the boards."""

import marshmallow as ma


class ConsentIn(ma.Schema):
    shown = ma.fields.Boolean(required=True)
    alias = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.Length(1, 30))


class BoardQuery(ma.Schema):
    grid = ma.fields.String(load_default=None, validate=ma.validate.Length(1, 50))


class CommunityFigures(ma.Schema):
    points = ma.fields.Integer(required=True)
    active = ma.fields.Integer(required=True)
    claims = ma.fields.Integer(required=True)
    projects = ma.fields.Integer(required=True)


class PublicPlace(ma.Schema):
    rank = ma.fields.Integer(required=True)
    score = ma.fields.Float(required=True)  # points, or the pioneer index
    name = ma.fields.String(required=True)  # the person's alias, else a masked id
    grid = ma.fields.String(allow_none=True)
    points = ma.fields.Integer(required=True)


class StaffPlace(ma.Schema):
    rank = ma.fields.Integer(required=True)
    score = ma.fields.Float(required=True)
    person = ma.fields.String(required=True)
    grid = ma.fields.String(allow_none=True)
    role = ma.fields.String(required=True)
    shown = ma.fields.Boolean(required=True)
    alias = ma.fields.String(allow_none=True)
    points = ma.fields.Integer(required=True)
    claims = ma.fields.Integer(required=True)
    projects = ma.fields.Integer(required=True)
    votes = ma.fields.Integer(required=True)


class Board(ma.Schema):
    community = ma.fields.String(required=True)
    month = ma.fields.String(required=True)
    grid = ma.fields.String(allow_none=True)
    stars = ma.fields.Integer(required=True)
    figures = ma.fields.Nested(CommunityFigures, required=True)


class PublicBoard(Board):
    volunteers = ma.fields.List(ma.fields.Nested(PublicPlace), required=True)
    pioneers = ma.fields.List(ma.fields.Nested(PublicPlace), required=True)


class StaffBoard(Board):
    volunteers = ma.fields.List(ma.fields.Nested(StaffPlace), required=True)
    pioneers = ma.fields.List(ma.fields.Nested(StaffPlace), required=True)
