"""Deliberation's HTTP wire schemas (the vote's routes)."""

import marshmallow as ma

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
    """An unconfirmed paper ballot: an open vote's with its voter and time, a secret vote's
    with its party alone; never its option."""

    id = ma.fields.String()
    voter = ma.fields.String()
    party = ma.fields.String()
    entered_by = ma.fields.String()
    entered_at = ma.fields.DateTime()
