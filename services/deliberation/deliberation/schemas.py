"""Deliberation's HTTP wire schemas (the vote's routes)."""

import marshmallow as ma

from gongzhi.web import HttpError

PERSON = ma.validate.Length(min=1, max=100)


class OpenIn(ma.Schema):
    community = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=50))
    closes_at = ma.fields.AwareDateTime(load_default=None)


class BallotIn(ma.Schema):
    option = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=20))
    # vote for this voter as their proxy holder; omitted: for oneself
    voter = ma.fields.String(load_default=None, validate=PERSON)
    receipt = ma.fields.String(load_default=None, validate=ma.validate.Length(min=1, max=100))


class ProxyIn(ma.Schema):
    holder = ma.fields.String(required=True, validate=PERSON)
    document = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    voter = ma.fields.String(load_default=None, validate=PERSON)  # staff: whose; member: self


class PaperIn(ma.Schema):
    voter = ma.fields.String(required=True, validate=PERSON)
    option = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=20))


class ConfirmIn(ma.Schema):
    option = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=20))


class PaperOut(ma.Schema):
    id = ma.fields.Integer()
    voter = ma.fields.String()
    entered_by = ma.fields.String()
    entered_at = ma.fields.DateTime()


def paper_id(text: str) -> int:
    """A paper ballot's id from the path: a 404 for anything no row can have."""
    if not text.isdigit() or len(text) > 18:
        raise HttpError(404, "not_found", f"no paper ballot {text}")
    return int(text)
