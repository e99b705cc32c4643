"""The shop's events, `scoring.order.*`: an order placed, redeemed at its provider's counter,
cancelled (by the person's app or an organiser, or refused approval), or expired unredeemed.
Each names the order, its item, community, provider and price; never the person (a registry id
is scoring's alone)."""

import marshmallow as ma

from gongzhi.catalogue import EventType


class OrderEvent(ma.Schema):
    order_id = ma.fields.Integer(required=True)
    item_id = ma.fields.Integer(required=True)
    item = ma.fields.String(required=True)  # the item's name, e.g. 大米 5kg
    community = ma.fields.String(required=True)
    provider = ma.fields.String(required=True)  # the merchant's id
    price = ma.fields.Integer(required=True)  # points
    status = ma.fields.String(required=True)  # the order's status after this event
    at = ma.fields.AwareDateTime(required=True)


class OrderPlaced(OrderEvent):
    expires_at = ma.fields.AwareDateTime(required=True, allow_none=True)  # None: pending


class OrderCancelled(OrderEvent):
    by = ma.fields.String(required=True)  # app, organiser
    refused = ma.fields.Boolean(required=True)  # an organiser refused its approval


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
    OrderEvent,
    "An order's voucher passed its days unredeemed: the points and the item went back.",
)
EMITS = (PLACED, REDEEMED, CANCELLED, EXPIRED)


def payload(order, item_name: str, at) -> dict:
    """The fields every order event has, from the order's row as it now stands."""
    return {
        "order_id": order.id,
        "item_id": order.item_id,
        "item": item_name,
        "community": order.community,
        "provider": order.provider,
        "price": order.price,
        "status": order.status,
        "at": at,
    }
