"""Projects' HTTP wire schemas."""

import marshmallow as ma

from scoring.projects import KINDS, STATUSES, VERDICTS
from scoring.schemas import ID, Moment


class ProjectIn(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))
    title = ma.fields.String(required=True, validate=ma.validate.Length(1, 200))
    points = ma.fields.Integer(required=True, validate=ma.validate.Range(1, 10_000))
    ordered_by = ma.fields.String(required=True, validate=ma.validate.Length(1, 64))


class ClaimantIn(ma.Schema):
    """A resident app names the person it acts for; an organisation's key names nobody."""

    person = ma.fields.String(load_default=None, allow_none=True, validate=ID)


class RatingIn(ma.Schema):
    resident = ma.fields.String(required=True, validate=ma.validate.Length(1, 64))
    verdict = ma.fields.String(required=True, validate=ma.validate.OneOf(VERDICTS))


class ProjectOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    community = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    points = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True)
    claimant = ma.fields.String(allow_none=True)
    verdict = ma.fields.String(allow_none=True)
    published_at = Moment(required=True)
    claimed_at = Moment(allow_none=True)
    done_at = Moment(allow_none=True)
    confirmed_at = Moment(allow_none=True)


class ProjectsQuery(ma.Schema):
    community = ma.fields.String(load_default=None, validate=ma.validate.Length(1, 50))
    status = ma.fields.String(load_default=None, validate=ma.validate.OneOf(STATUSES))
    kind = ma.fields.String(load_default=None, validate=ma.validate.OneOf(KINDS))


class ProjectsOut(ma.Schema):
    projects = ma.fields.List(ma.fields.Nested(ProjectOut), required=True)


class PublicProject(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True)
    title = ma.fields.String(required=True)  # personal data masked
    points = ma.fields.Integer(required=True)
    published_at = Moment(required=True)


class PublicProjects(ma.Schema):
    community = ma.fields.String(required=True)
    projects = ma.fields.List(ma.fields.Nested(PublicProject), required=True)
