"""Scoring's HTTP wire schemas."""

import marshmallow as ma

from gongzhi import openapi
from gongzhi.clock import as_utc
from gongzhi.web import HttpError

ID = ma.validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$", error="letters, digits, _ . : -")
MAX_ID = 2**31 - 1


class Moment(ma.fields.DateTime):
    """A stored time, which SQLite gives back without its offset: every stored time is UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(as_utc(value), attr, obj, **kwargs)


class Error(openapi.Error):
    """`error`: forbidden, not_found, invalid, bad_json, registered (another community or
    role), unknown_role, activity_role, decided, daily_cap, monthly_cap, min_balance,
    max_balance (the limit named in `message`), too_many_requests, unavailable."""


class AccountIn(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(("organisation", "merchant")))
    holder = ma.fields.String(required=True, validate=ID)
    community = ma.fields.String(
        load_default=None, allow_none=True, validate=ma.validate.Length(1, 50)
    )


class PersonIn(ma.Schema):
    person = ma.fields.String(required=True, validate=ID)
    community = ma.fields.String(required=True, validate=ma.validate.Length(1, 50))
    role = ma.fields.String(required=True, validate=ma.validate.Length(1, 50))
    grid = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.Length(1, 50))
    shown = ma.fields.Boolean(load_default=None, allow_none=True)  # on public boards
    alias = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.Length(1, 30))


class LimitsOut(ma.Schema):
    min_balance = ma.fields.Integer(allow_none=True)
    max_balance = ma.fields.Integer(allow_none=True)
    daily_cap = ma.fields.Integer(allow_none=True)
    monthly_cap = ma.fields.Integer(allow_none=True)


class EntryOut(ma.Schema):
    transaction = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True)
    rule = ma.fields.String(allow_none=True)
    amount = ma.fields.Integer(required=True)
    at = Moment(required=True)


class AccountOut(ma.Schema):
    code = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    community = ma.fields.String(allow_none=True)
    role = ma.fields.String(allow_none=True)
    balance = ma.fields.Integer(required=True)
    limits = ma.fields.Nested(LimitsOut, required=True)
    entries = ma.fields.List(ma.fields.Nested(EntryOut), required=True)


class PersonOut(ma.Schema):
    person = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    role = ma.fields.String(required=True)
    grid = ma.fields.String(allow_none=True)
    shown = ma.fields.Boolean(required=True)
    alias = ma.fields.String(allow_none=True)
    account = ma.fields.String(required=True)
    balance = ma.fields.Integer(required=True)


class ClaimIn(ma.Schema):
    person = ma.fields.String(required=True, validate=ID)
    activity = ma.fields.String(required=True, validate=ma.validate.Length(1, 50))
    quantity = ma.fields.Integer(load_default=1, validate=ma.validate.Range(1, 1000))
    note = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.Length(0, 500))
    client_key = ma.fields.String(
        load_default=None, allow_none=True, validate=ma.validate.Length(1, 200)
    )


class ClaimOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    person = ma.fields.String(required=True)
    activity = ma.fields.String(required=True)
    quantity = ma.fields.Integer(required=True)
    note = ma.fields.String(allow_none=True)
    status = ma.fields.String(required=True)
    claimed_at = Moment(required=True)
    decided_by = ma.fields.String(allow_none=True)
    decided_at = Moment(allow_none=True)
    reason = ma.fields.String(allow_none=True)


class ClaimsOut(ma.Schema):
    claims = ma.fields.List(ma.fields.Nested(ClaimOut), required=True)


class ClaimsQuery(ma.Schema):
    status = ma.fields.String(
        load_default=None, validate=ma.validate.OneOf(("claimed", "approved", "rejected"))
    )


class DecisionIn(ma.Schema):
    reason = ma.fields.String(
        load_default=None, allow_none=True, validate=ma.validate.Length(0, 300)
    )


class FlagOut(ma.Schema):
    account = ma.fields.String(required=True)
    month = ma.fields.String(required=True)
    earned = ma.fields.Integer(required=True)
    norm = ma.fields.Integer(required=True)
    at = Moment(required=True)


class FlagsOut(ma.Schema):
    flags = ma.fields.List(ma.fields.Nested(FlagOut), required=True)


def record_id(text: str, what: str) -> int:
    """A path's id as a number: one no record can have (not a number, past the column) is a 404."""
    if not text.isascii() or not text.isdigit() or int(text) > MAX_ID:
        raise HttpError(404, "not_found", f"no {what} {text!r}")
    return int(text)
