"""Deliberation's HTTP wire schemas (the vote's routes)."""

import marshmallow as ma

from deliberation import public_schemas

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


class PartyResult(ma.Schema):
    party = ma.fields.String(required=True)
    counts = ma.fields.Nested(public_schemas.Counts, required=True)
    turnout = ma.fields.Nested(public_schemas.Turnout, required=True)


class ReasonOut(ma.Schema):
    """A reason a vote was not carried, as its code (the board says it in words)."""

    code = ma.fields.String(required=True)
    party = ma.fields.String(required=True, allow_none=True)


class ResultOut(ma.Schema):
    """tally.Result.as_json(): as deliberation.vote.closed carries it."""

    carried = ma.fields.Boolean(required=True)
    counts = ma.fields.Nested(public_schemas.Counts, required=True)
    turnout = ma.fields.Nested(public_schemas.Turnout, required=True)
    parties = ma.fields.List(ma.fields.Nested(PartyResult), required=True)
    reasons = ma.fields.List(ma.fields.Nested(ReasonOut), required=True)


class RulesOut(ma.Schema):
    quorum = ma.fields.Float(required=True)
    party_quorum = ma.fields.Float(required=True, allow_none=True)
    majority = ma.fields.String(required=True)
    veto = ma.fields.List(ma.fields.String(), required=True)
    proxy_limit = ma.fields.Integer(required=True)
    secret = ma.fields.Boolean(required=True)
    change_vote = ma.fields.Boolean(required=True)


class VoteOut(ma.Schema):
    """A vote's state; its result is null until it closes (no partial tally)."""

    matter_id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    state = ma.fields.String(required=True, validate=ma.validate.OneOf(("open", "closed")))
    rules = ma.fields.Nested(RulesOut, required=True)
    eligible = ma.fields.Integer(required=True)
    opened_at = ma.fields.String(required=True)
    closes_at = ma.fields.String(required=True, allow_none=True)
    closed_at = ma.fields.String(required=True, allow_none=True)
    result = ma.fields.Nested(ResultOut, required=True, allow_none=True)


class BallotOut(ma.Schema):
    voter = ma.fields.String(required=True)
    cast_by = ma.fields.String(required=True)
    replaced = ma.fields.Boolean(required=True)
    receipt = ma.fields.String(metadata={"description": "a secret ballot's, shown this once"})


class ProxyOut(ma.Schema):
    voter = ma.fields.String(required=True)
    holder = ma.fields.String(required=True)


class PaperEnteredOut(ma.Schema):
    id = ma.fields.String(required=True)
    voter = ma.fields.String(required=True)
    confirmed = ma.fields.Boolean(required=True)


class PaperConfirmedOut(ma.Schema):
    id = ma.fields.String(required=True)
    confirmed = ma.fields.Boolean(required=True)


class UnconfirmedOut(ma.Schema):
    unconfirmed = ma.fields.List(ma.fields.Nested(PaperOut), required=True)


class ClosedOut(ma.Schema):
    matter_id = ma.fields.String(required=True)
    result = ma.fields.Nested(ResultOut, required=True)


class RecountOut(ma.Schema):
    matter_id = ma.fields.String(required=True)
    result = ma.fields.Nested(ResultOut, required=True)
    equal = ma.fields.Boolean(required=True, metadata={"description": "as published at close"})
