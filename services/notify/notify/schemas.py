"""Notify's HTTP wire schemas."""

from typing import Any

import marshmallow as ma

from gongzhi import contacts, openapi
from gongzhi.web import HttpError
from notify.delivery import STATUSES
from notify.preferences import Preference
from notify.sms_keywords import MEANINGS
from notify.sms_replies import Reply
from notify.webhooks import OFFERED

RECEIPT_OUTCOMES = ("delivered", "next_channel", "failed", "unknown", "settled")  # receipts.apply
MAX_ID_DIGITS = 18  # a BIGINT holds up to 2**63 - 1: 19 digits, not all of them


def record_id(given: str, what: str) -> int:
    """A message's or a webhook's id from a URL; a 404 for anything no `what` can have."""
    # Not werkzeug's <int:>: a path it refuses is an HTML 404, and 2**63 overflows the column.
    if not (given.isascii() and given.isdigit() and len(given) <= MAX_ID_DIGITS):
        raise HttpError(404, "not_found", f"no {what} by that id")
    return int(given)


class Error(openapi.Error):
    """The codes notify answers."""

    error = ma.fields.String(
        required=True,
        metadata={
            "description": "what went wrong: forbidden, too_many_requests, invalid, bad_json, "
            "nul_character, not_found, too_large, bad_token (a resident's link)"
        },
    )


class DeliveryQuery(ma.Schema):
    subject = ma.fields.String(load_default=None)
    recipient = ma.fields.String(load_default=None)
    status = ma.fields.String(load_default=None, validate=ma.validate.OneOf(STATUSES))
    channel = ma.fields.String(load_default=None)
    stuck = ma.fields.Boolean(load_default=False)
    limit = ma.fields.Integer(load_default=100, validate=ma.validate.Range(min=1, max=1000))


class AttemptOut(ma.Schema):
    channel = ma.fields.String()
    started_at = ma.fields.AwareDateTime()
    finished_at = ma.fields.AwareDateTime()
    outcome = ma.fields.String(metadata={"description": "sent, failed or skipped (no address)"})
    error = ma.fields.String(allow_none=True)
    provider_id = ma.fields.String(
        allow_none=True, metadata={"description": "the gateway's id of it, for its receipt"}
    )


class DeliveryOut(ma.Schema):
    id = ma.fields.Integer()
    subject = ma.fields.String()
    recipient = ma.fields.String()
    template = ma.fields.String()
    topic = ma.fields.String()
    critical = ma.fields.Boolean()
    status = ma.fields.String()
    reason = ma.fields.String(allow_none=True)
    channel = ma.fields.String(metadata={"description": "the chain's channel it is on now"})
    chain = ma.fields.List(ma.fields.String())
    body = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
    due_at = ma.fields.AwareDateTime(allow_none=True)
    sent_at = ma.fields.AwareDateTime(allow_none=True)
    attempts = ma.fields.List(ma.fields.Nested(AttemptOut), attribute="tries")


class DeliveriesOut(ma.Schema):
    deliveries = ma.fields.List(ma.fields.Nested(DeliveryOut), required=True)


class InboxOut(ma.Schema):
    id = ma.fields.Integer()
    subject = ma.fields.String()
    title = ma.fields.String()
    body = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
    read_at = ma.fields.AwareDateTime(allow_none=True)


class InboxMessagesOut(ma.Schema):
    messages = ma.fields.List(ma.fields.Nested(InboxOut), required=True)


class MarkedRead(ma.Schema):
    id = ma.fields.Integer(required=True)
    read = ma.fields.Boolean(required=True)


class WebhookIn(ma.Schema):
    url = ma.fields.Url(
        required=True, schemes={"http", "https"}, validate=ma.validate.Length(max=2000)
    )
    event_types = ma.fields.List(
        ma.fields.String(
            validate=ma.validate.OneOf(OFFERED, error="not an event type offered: {choices}")
        ),
        required=True,
        validate=ma.validate.Length(min=1, error="name at least one event type"),
    )


class WebhookOut(ma.Schema):
    id = ma.fields.Integer()
    url = ma.fields.String()
    event_types = ma.fields.List(ma.fields.String())
    enabled = ma.fields.Boolean()
    failures = ma.fields.Integer(metadata={"description": "consecutive failed sends"})
    disabled_reason = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    secret = ma.fields.String(metadata={"description": "whsec_...: in the creation's answer only"})


class WebhooksOut(ma.Schema):
    webhooks = ma.fields.List(ma.fields.Nested(WebhookOut), required=True)


class WebhookDeleted(ma.Schema):
    id = ma.fields.Integer(required=True)
    deleted = ma.fields.Boolean(required=True)


class PreferenceSchema(ma.Schema):
    topic = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=50))
    channels = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=50)),
        load_default=list,
        validate=ma.validate.Length(max=10),
        metadata={"description": "tried in this order in place of the rule's chain"},
    )
    opted_out = ma.fields.Boolean(
        load_default=False, metadata={"description": "no non-critical messages of the topic"}
    )
    digest = ma.fields.Boolean(
        load_default=False, metadata={"description": "one digest a working day (warnings)"}
    )

    @ma.post_load
    def _preference(self, fields: dict[str, Any], **_: Any) -> Preference:
        return Preference(**{**fields, "channels": tuple(fields["channels"])})


class PreferencesIn(ma.Schema):
    preferences = ma.fields.List(
        ma.fields.Nested(PreferenceSchema), required=True, validate=ma.validate.Length(max=50)
    )


class PreferencesOut(ma.Schema):
    recipient = ma.fields.String()
    preferences = ma.fields.List(ma.fields.Nested(PreferenceSchema))


class ResidentPreferencesOut(ma.Schema):
    address = ma.fields.String(
        allow_none=True,
        metadata={"description": "the kind of contact notify holds: email, phone; null if none"},
    )
    channels = ma.fields.List(
        ma.fields.String(), metadata={"description": "the channels that reach that contact"}
    )
    topics = ma.fields.List(ma.fields.String(), metadata={"description": "what they hear of"})
    preferences = ma.fields.List(ma.fields.Nested(PreferenceSchema))


class Unsubscribed(ma.Schema):
    opted_out = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "the topics opted out of"}
    )


class OneClickIn(ma.Schema):
    """RFC 8058's one-click unsubscribe: the form a mail client posts."""

    class Meta:
        unknown = ma.EXCLUDE  # a client may post more; this field is what RFC 8058 asks for

    list_unsubscribe = ma.fields.String(
        required=True, data_key="List-Unsubscribe", validate=ma.validate.Equal("One-Click")
    )


def one_click(form: Any) -> None:
    """A 400 unless the form is RFC 8058's `List-Unsubscribe=One-Click`."""
    if problems := OneClickIn().validate(form.to_dict()):
        why = "a one-click unsubscribe posts the form List-Unsubscribe=One-Click (RFC 8058)"
        raise HttpError(400, "invalid", why, problems)


class ReceiptIn(ma.Schema):
    provider_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(("delivered", "failed")))
    error = ma.fields.String(load_default=None, validate=ma.validate.Length(max=300))


class ReceiptsIn(ma.Schema):
    """A gateway's callback: one or more receipts (gateways batch them)."""

    receipts = ma.fields.List(
        ma.fields.Nested(ReceiptIn), required=True, validate=ma.validate.Length(min=1, max=1000)
    )


class ReceiptsOut(ma.Schema):
    outcomes = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(RECEIPT_OUTCOMES)),
        required=True,
        metadata={"description": "what each receipt did, in order"},
    )


def _phone_number(given: str) -> None:
    if contacts.phone_number(given) is None:
        raise ma.ValidationError("not a phone number in China")


class SmsReplyIn(ma.Schema):
    """One SMS a resident sent back, as gateways post them (Aliyun's SmsUp names; its other
    fields, e.g. sign_name, dest_code, sequence_id, send_time, are let be)."""

    class Meta:
        unknown = ma.EXCLUDE

    phone_number = ma.fields.String(
        required=True, validate=[ma.validate.Length(max=32), _phone_number]
    )
    content = ma.fields.String(required=True, validate=ma.validate.Length(max=500))

    @ma.post_load
    def _reply(self, fields: dict[str, Any], **_: Any) -> Reply:
        return Reply(**fields)


class SmsRepliesIn(ma.Schema):
    """A gateway's callback: one or more replies (gateways batch them), kept in order."""

    replies = ma.fields.List(
        ma.fields.Nested(SmsReplyIn), required=True, validate=ma.validate.Length(min=1, max=1000)
    )


class SmsRepliesOut(ma.Schema):
    meanings = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(MEANINGS)),
        required=True,
        metadata={
            "description": "what each reply's text means, in order (opt_out, opt_in, ignored): "
            "the same whether notify knows the number or not"
        },
    )


class SubscriptionsIn(ma.Schema):
    topics = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=120)),
        required=True,
        validate=ma.validate.Length(max=100),
        metadata={"description": "grid:<code> (a grid, community or street) or category:<code>"},
    )


class SubscriptionsOut(ma.Schema):
    recipient = ma.fields.String()
    topics = ma.fields.List(ma.fields.String())
