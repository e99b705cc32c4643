"""Notify's HTTP wire schemas."""

import marshmallow as ma


class DeliveryOut(ma.Schema):
    id = ma.fields.Integer()
    subject = ma.fields.String()
    recipient = ma.fields.String()
    channel = ma.fields.String()
    template = ma.fields.String()
    body = ma.fields.String()
    status = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
