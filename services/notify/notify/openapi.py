"""Notify's HTTP API as an OpenAPI 3.1 document, built from schemas.py; the roles table comes
from access.py's own rules. `gongzhi contract` commits it as services/notify/openapi.json; the
service serves the same."""

from typing import Any

from gongzhi import openapi
from gongzhi.keyguard import HEADER
from notify import access, schemas
from notify.model import KEY_ROLES

DESCRIPTION = (
    "What notify told whom: the delivery log for operators, each staff member's in-app inbox, "
    "their preferences and topic subscriptions, delivery receipts and residents' SMS replies "
    "from gateways, and webhook subscriptions of other systems. Every /api/v1/ call but this "
    "document needs an API key: "
    f"the `{HEADER}` header, or `?api_key=` on a GET. Keys are issued with `gongzhi keys issue "
    "--service notify --name <holder> --role <role>`; a staff key's holder name is the "
    "person's id in the directory (e.g. gw-620502001001001), whose inbox, preferences and "
    "subscriptions it reads and sets. A resident has no key: their own preferences take the "
    "token of the link each of their messages carries (`?token=`), signed by notify and good "
    "for the district's `link_days`; no token or a malformed one is a 400, a forged or expired "
    "one a 403. Errors are JSON: {error, message, details}."
)
KEYED_GET, KEYED, KEYS = openapi.KEYED_GET, openapi.KEYED, openapi.KEY_SCHEMES
MESSAGE_ID = {"in": "path", "name": "message_id", "required": True, "schema": {"type": "integer"}}
WEBHOOK_ID = {"in": "path", "name": "webhook_id", "required": True, "schema": {"type": "integer"}}
TOKEN = {
    "in": "query",
    "name": "token",
    "required": True,
    "schema": {"type": "string"},
    "description": "the token of the resident's link, as their message gives it",
}
RESIDENT_EXAMPLE = {"preferences": [{"topic": "case", "opted_out": True}]}
ONE_CLICK = {
    "required": True,
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": schemas.OneClickIn,
            "example": {"List-Unsubscribe": "One-Click"},
        }
    },
}
TOKEN_REFUSED = {
    "400": openapi.error("no token, or not one (`bad_token`); invalid fields"),
    "403": openapi.error("a forged, altered or expired token: the message says which"),
}
UNREAD = {
    "in": "query",
    "name": "unread",
    "schema": {"type": "string"},
    "description": "1 or true: the unread messages only",
}
DELIVERY_FILTERS = {
    "subject": "the case (or other subject) the messages are about",
    "recipient": "the recipient's id",
    "status": "the messages' status",
    "channel": "the chain's channel they are on now",
    "stuck": "true: pending or sending past their due time, oldest first",
    "limit": "messages at most",
}
# Examples: schemathesis sends them first, so the fuzz test sees each one taken.
WEBHOOK_EXAMPLE = {
    "url": "https://ops.example.cn/gongzhi",
    "event_types": ["routing.issue.assigned.v1"],
}
RECEIPTS_EXAMPLE = {"receipts": [{"provider_id": "SM-1", "status": "delivered"}]}
REPLIES_EXAMPLE = {"replies": [{"phone_number": "13800138000", "content": "TD"}]}
# The sample district's (deploy/districts/xiguan) topics and channels.
PREFERENCES_EXAMPLE = {
    "preferences": [
        {"topic": "case", "channels": ["inbox", "log"]},
        {"topic": "warnings", "opted_out": True},
    ]
}
SUBSCRIPTIONS_EXAMPLE = {"topics": ["grid:620502001001", "category:blocked-sewer"]}
# What each role may do, by the guard in access.py that decides it.
GUARDS: dict[str, openapi.Guard] = {
    "reads the delivery log": access.operator,
    "reads its inbox, marks it read": access.reader,
    "sets its preferences and subscriptions": access.chooser,
    "subscribes webhooks": access.integrator,
    "posts delivery receipts": access.gateway,
    "posts residents' SMS replies": access.replies,
}


def document() -> dict[str, Any]:
    description = f"{DESCRIPTION}\n\n{roles_table()}"
    return openapi.service_document("Gongzhi notify", description, schemas.Error, _paths(), KEYS)


def roles_table() -> str:
    return openapi.guards_table(GUARDS, KEY_ROLES)


def _paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/deliveries": {"get": _list_deliveries()},
        "/api/v1/receipts": {"post": _take_receipts()},
        "/api/v1/sms/replies": {"post": _take_sms_replies()},
        "/api/v1/inbox": {"get": _inbox()},
        "/api/v1/inbox/{message_id}/read": {"post": _mark_read()},
        "/api/v1/preferences": {"get": _get_preferences(), "put": _put_preferences()},
        "/api/v1/preferences/resident": {
            "get": _get_resident_preferences(),
            "put": _put_resident_preferences(),
        },
        "/api/v1/preferences/resident/unsubscribe": {"post": _unsubscribe_resident()},
        "/api/v1/subscriptions": {"get": _get_subscriptions(), "put": _put_subscriptions()},
        "/api/v1/webhooks": {"get": _list_webhooks(), "post": _subscribe()},
        "/api/v1/webhooks/{webhook_id}": {"get": _get_webhook(), "delete": _delete_webhook()},
        "/api/v1/webhooks/{webhook_id}/enable": {"post": _enable_webhook()},
    }


def _list_deliveries() -> dict[str, Any]:
    return openapi.keyed(
        "list_deliveries",
        "deliveries",
        "The delivery log (an operator's key): each message with its attempts, newest first",
        KEYED_GET,
        # not `api_key`: the ApiKeyQuery security scheme documents it
        parameters=openapi.query(schemas.DeliveryQuery, DELIVERY_FILTERS),
        responses={
            "200": openapi.response(schemas.DeliveriesOut, "the messages found"),
            "400": openapi.error("invalid fields, or a NUL character in the query"),
        },
    )


def _take_receipts() -> dict[str, Any]:
    return openapi.keyed(
        "take_receipts",
        "deliveries",
        "A gateway's delivery receipts (a gateway's key): what each did, in order",
        KEYED,
        requestBody=openapi.request_body(schemas.ReceiptsIn, RECEIPTS_EXAMPLE),
        responses={
            "200": openapi.response(schemas.ReceiptsOut, "what each receipt did"),
            "400": openapi.error("not JSON, or invalid fields"),
            "413": openapi.too_large(),
        },
    )


def _take_sms_replies() -> dict[str, Any]:
    return openapi.keyed(
        "take_sms_replies",
        "choices",
        "Residents' replies to SMS (a gateway's key): TD opts the sender out of non-critical "
        "messages, DY back in; each text's meaning, in order, whoever the number is",
        KEYED,
        requestBody=openapi.request_body(schemas.SmsRepliesIn, REPLIES_EXAMPLE),
        responses={
            "200": openapi.response(schemas.SmsRepliesOut, "what each reply's text means"),
            "400": openapi.error("not JSON, or invalid fields (a number that is no phone number)"),
            "413": openapi.too_large(),
        },
    )


def _inbox() -> dict[str, Any]:
    return openapi.keyed(
        "inbox",
        "inbox",
        "The in-app inbox of the staff key's holder, newest first",
        KEYED_GET,
        parameters=[UNREAD],
        responses={
            "200": openapi.response(schemas.InboxMessagesOut, "the holder's messages"),
            "400": openapi.error("a NUL character in the query"),
        },
    )


def _mark_read() -> dict[str, Any]:
    return openapi.keyed(
        "mark_read",
        "inbox",
        "Mark one message of the holder's inbox read (again: no change); no body",
        KEYED,
        parameters=[MESSAGE_ID],
        responses={
            "200": openapi.response(schemas.MarkedRead, "the message is read"),
            "400": openapi.error("a NUL character in the id"),
            "404": openapi.error("no such message in the holder's inbox"),
        },
    )


def _get_preferences() -> dict[str, Any]:
    return openapi.keyed(
        "get_preferences",
        "choices",
        "The staff key's holder's own choices, by topic",
        KEYED_GET,
        responses={"200": openapi.response(schemas.PreferencesOut, "the holder's choices")},
    )


def _put_preferences() -> dict[str, Any]:
    return openapi.keyed(
        "put_preferences",
        "choices",
        "Replace the staff key's holder's choices: channels in place of a rule's chain, "
        "opting out of a topic's non-critical messages, or a daily digest",
        KEYED,
        requestBody=openapi.request_body(schemas.PreferencesIn, PREFERENCES_EXAMPLE),
        responses={
            "200": openapi.response(schemas.PreferencesOut, "the holder's choices now"),
            "400": openapi.error("not JSON, invalid fields, or an unknown topic or channel"),
            "413": openapi.too_large(),
        },
    )


def _get_resident_preferences() -> dict[str, Any]:
    chosen = openapi.response(schemas.ResidentPreferencesOut, "what they may choose, and chose")
    return _by_link(
        "get_resident_preferences",
        "A resident's own choices, by their link's token: the topics they hear of, the "
        "channels that reach their contact, what they chose",
        {"200": chosen},
    )


def _put_resident_preferences() -> dict[str, Any]:
    chosen = openapi.response(schemas.ResidentPreferencesOut, "their choices now")
    return _by_link(
        "put_resident_preferences",
        "Replace a resident's choices, by their link's token: channels that reach their "
        "contact in place of a rule's chain, or a topic's non-critical messages opted out of",
        {"200": chosen, "413": openapi.too_large()},
        requestBody=openapi.request_body(schemas.PreferencesIn, RESIDENT_EXAMPLE),
    )


def _unsubscribe_resident() -> dict[str, Any]:
    done = openapi.response(schemas.Unsubscribed, "opted out of every topic")
    return _by_link(
        "unsubscribe_resident",
        "RFC 8058's one-click unsubscribe that a resident's e-mail names in List-Unsubscribe: "
        "opts out of every topic's non-critical messages",
        {"200": done, "413": openapi.too_large()},
        requestBody=ONE_CLICK,
    )


def _by_link(name: str, summary: str, responses: dict, **more: Any) -> dict[str, Any]:
    """An operation a resident calls with their link's token: no API key."""
    return openapi.operation(
        name,
        "choices",
        summary,
        dict(sorted({**responses, **TOKEN_REFUSED}.items())),
        parameters=[TOKEN],
        security=[],
        **more,
    )


def _get_subscriptions() -> dict[str, Any]:
    return openapi.keyed(
        "get_subscriptions",
        "choices",
        "The staff key's holder's topics: the grids and categories they hear every case of",
        KEYED_GET,
        responses={"200": openapi.response(schemas.SubscriptionsOut, "the holder's topics")},
    )


def _put_subscriptions() -> dict[str, Any]:
    return openapi.keyed(
        "put_subscriptions",
        "choices",
        "Replace the staff key's holder's topics",
        KEYED,
        requestBody=openapi.request_body(schemas.SubscriptionsIn, SUBSCRIPTIONS_EXAMPLE),
        responses={
            "200": openapi.response(schemas.SubscriptionsOut, "the holder's topics now"),
            "400": openapi.error("not JSON, invalid fields, or an unknown grid or category"),
            "413": openapi.too_large(),
        },
    )


def _list_webhooks() -> dict[str, Any]:
    return openapi.keyed(
        "list_webhooks",
        "webhooks",
        "The integrator key's holder's own subscriptions (never a secret)",
        KEYED_GET,
        responses={"200": openapi.response(schemas.WebhooksOut, "the holder's subscriptions")},
    )


def _subscribe() -> dict[str, Any]:
    return openapi.keyed(
        "subscribe",
        "webhooks",
        "Subscribe a URL to event types (an integrator's key); the answer shows the "
        "subscription's signing `secret` (whsec_...) this once",
        KEYED,
        requestBody=openapi.request_body(schemas.WebhookIn, WEBHOOK_EXAMPLE),
        responses={
            "201": openapi.response(schemas.WebhookOut, "the subscription, with its secret"),
            "400": openapi.error("not JSON, invalid fields, or an event type not offered"),
            "413": openapi.too_large(),
        },
    )


def _get_webhook() -> dict[str, Any]:
    found = openapi.response(schemas.WebhookOut, "the subscription")
    return _one_webhook("get_webhook", "One subscription of the holder's", KEYED_GET, found)


def _enable_webhook() -> dict[str, Any]:
    enabled = openapi.response(schemas.WebhookOut, "the subscription, enabled")
    summary = "Enable a subscription again (one disabled after failures); no body"
    return _one_webhook("enable_webhook", summary, KEYED, enabled)


def _delete_webhook() -> dict[str, Any]:
    gone = openapi.response(schemas.WebhookDeleted, "the subscription is gone")
    summary = "Unsubscribe: the subscription and what it is still owed go"
    return _one_webhook("delete_webhook", summary, KEYED, gone)


def _one_webhook(name: str, summary: str, security: list, done: dict) -> dict[str, Any]:
    """An operation on one of the holder's subscriptions, by its id; `done` its 200."""
    return openapi.keyed(
        name,
        "webhooks",
        summary,
        security,
        parameters=[WEBHOOK_ID],
        responses={
            "200": done,
            "400": openapi.error("a NUL character in the id"),
            "404": openapi.error("no such subscription of the holder's"),
        },
    )
