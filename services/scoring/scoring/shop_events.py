"""The shop's events, `scoring.order.*`: an order placed, redeemed at its provider's counter,
cancelled (by the person's app or an organiser, or refused approval), or expired (a voucher
unredeemed, or an order no organiser approved in time). Each names the order, its item,
community, provider and price, and the community as its `owner`, whose organiser notify tells;
never the person (a registry id is scoring's alone)."""

import marshmallow as ma

from gongzhi.catalogue import EventType
from scoring.project_events import Unit


class OrderEvent(ma.Schema):
    order_id = ma.fields.Integer(required=True)
    item_id = ma.fields.Integer(required=True)
    item = ma.fields.String(required=True)  # the item's name, e.g. 大米 5kg
    community = ma.fields.String(required=True)
    owner = ma.fields.Nested(Unit, required=True)  # the community: {kind: community, id: code}
    provider = ma.fields.String(required=True)  # the merchant's id
    price = ma.fields.Integer(required=True)  # points
    status = ma.fields.String(required=True)  # the order's status after this event
    at = ma.fields.AwareDateTime(required=True)


class OrderPlaced(OrderEvent):
    expires_at = ma.fields.AwareDateTime(required=True, allow_none=True)  # None: pending


class OrderCancelled(OrderEvent):
    by = ma.fields.String(required=True)  # app, organiser
    refused = ma.fields.Boolean(required=True)  # an organiser refused its approval


class OrderExpired(OrderEvent):
    unapproved = ma.fields.Boolean(required=True)  # it waited for approval (else a voucher's)


PLACED = EventType(
    "scoring.order.placed",
    1,
    OrderPlaced,
    "A person's order in the shop: its points are held and one of the item taken; `status` "
    "pending when an organiser is to approve it, else issued with its voucher's expiry.",
)
REDEEMED = EventType(
    "scoring.order.redeemed",
    1,
    OrderEvent,
    "An order's voucher was scanned at its provider's counter: the points went to the provider.",
)
CANCELLED = EventType(
    "scoring.order.cancelled",
    1,
    OrderCancelled,
    "An order cancelled by the person's app or an organiser, or refused approval: the points "
    "and the item went back.",
)
EXPIRED = EventType(
    "scoring.order.expired",
    1,
    OrderExpired,
    "An order's voucher passed its days unredeemed, or an order waiting for approval passed "
    "the district's scoring.shop.pending_days (`unapproved`): the points and the item went "
    "back.",
)
EMITS = (PLACED, REDEEMED, CANCELLED, EXPIRED)


def payload(order, item_name: str, at) -> dict:
    """The fields every order event has, from the order's row as it now stands."""
    return {
        "order_id": order.id,
        "item_id": order.item_id,
        "item": item_name,
        "community": order.community,
        "owner": {"kind": "community", "id": order.community},
        "provider": order.provider,
        "price": order.price,
        "status": order.status,
        "at": at,
    }
