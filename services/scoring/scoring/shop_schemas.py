"""The shop's HTTP wire schemas."""

import marshmallow as ma

from scoring.schemas import ID, Moment

COUNT = ma.validate.Range(1, 1_000_000)


class ItemPatch(ma.Schema):
    """What an item's manager may change; every field optional."""

    name = ma.fields.String(validate=ma.validate.Length(1, 100))
    price = ma.fields.Integer(validate=COUNT)  # points
    per_month = ma.fields.Integer(allow_none=True, validate=COUNT)  # orders a person a month
    per_person = ma.fields.Integer(allow_none=True, validate=COUNT)  # orders a person in all
    needs_approval = ma.fields.Boolean()
    voucher_days = ma.fields.Integer(validate=ma.validate.Range(1, 366))
    active = ma.fields.Boolean()


class ItemIn(ma.Schema):
    community = ma.fields.String(required=True, validate=ma.validate.Length(1, 50))
    provider = ma.fields.String(required=True, validate=ID)  # a merchant with an account
    name = ma.fields.String(required=True, validate=ma.validate.Length(1, 100))
    price = ma.fields.Integer(required=True, validate=COUNT)
    stock = ma.fields.Integer(required=True, validate=ma.validate.Range(0, 1_000_000))
    per_month = ma.fields.Integer(load_default=None, allow_none=True, validate=COUNT)
    per_person = ma.fields.Integer(load_default=None, allow_none=True, validate=COUNT)
    needs_approval = ma.fields.Boolean(load_default=False)
    voucher_days = ma.fields.Integer(load_default=30, validate=ma.validate.Range(1, 366))


class RestockIn(ma.Schema):
    quantity = ma.fields.Integer(required=True, validate=COUNT)


class ItemOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    community = ma.fields.String(required=True)
    provider = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    price = ma.fields.Integer(required=True)
    stock = ma.fields.Integer(required=True)
    per_month = ma.fields.Integer(required=True, allow_none=True)
    per_person = ma.fields.Integer(required=True, allow_none=True)
    needs_approval = ma.fields.Boolean(required=True)
    voucher_days = ma.fields.Integer(required=True)
    active = ma.fields.Boolean(required=True)


class ItemsOut(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ItemOut), required=True)


class ItemsQuery(ma.Schema):
    community = ma.fields.String(load_default=None, validate=ma.validate.Length(1, 50))


class OrderIn(ma.Schema):
    person = ma.fields.String(required=True, validate=ID)
    item = ma.fields.Integer(required=True, validate=ma.validate.Range(1, 2**31 - 1))
    client_key = ma.fields.String(required=True, validate=ma.validate.Length(1, 200))


class OrderOut(ma.Schema):
    id = ma.fields.Integer(required=True)
    item_id = ma.fields.Integer(required=True)
    person = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    provider = ma.fields.String(required=True)
    price = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True)  # pending, issued, redeemed, refused, cancelled ...
    placed_at = Moment(required=True)
    expires_at = Moment(required=True, allow_none=True)  # once issued
    closed_at = Moment(required=True, allow_none=True)
    reason = ma.fields.String(required=True, allow_none=True)


class OrdersOut(ma.Schema):
    orders = ma.fields.List(ma.fields.Nested(OrderOut), required=True)


STATUSES = ("pending", "issued", "redeemed", "refused", "cancelled", "expired")


class OrdersQuery(ma.Schema):
    status = ma.fields.String(load_default=None, validate=ma.validate.OneOf(STATUSES))


class ReasonIn(ma.Schema):
    reason = ma.fields.String(
        load_default=None, allow_none=True, validate=ma.validate.Length(0, 300)
    )


class RedeemIn(ma.Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(1, 200))
