"""The shop's routes in scoring's OpenAPI document (openapi.py joins them)."""

from typing import Any

from gongzhi import openapi
from scoring import access, shop_schemas

KEYED_GET: list[dict[str, list]] = [{"ApiKeyHeader": []}, {"ApiKeyQuery": []}]
KEYED: list[dict[str, list]] = [{"ApiKeyHeader": []}]
ITEM_ID = {"in": "path", "name": "item_id", "required": True, "schema": {"type": "integer"}}
ORDER_ID = {"in": "path", "name": "order_id", "required": True, "schema": {"type": "integer"}}
CODE_404 = {"404": openapi.error("none such the key may see")}
ITEM_EXAMPLE = {
    "community": "620502001001",
    "provider": "m-1",
    "name": "大米 5kg",
    "price": 200,
    "stock": 20,
    "per_month": 1,
}
ORDER_EXAMPLE = {"person": "p-1001", "item": 1, "client_key": "app-7f3a"}
GUARDS = {
    "manages shop items": access.shop_keeper,
    "orders": access.shopper,
    "reads an order": access.order_reader,
    "approves orders": access.approver,
    "cancels orders": access.canceller,
    "shows a voucher": access.voucher_reader,
    "redeems vouchers": access.counter,
}
ITEM = openapi.response(shop_schemas.ItemOut, "the item")
ORDER = openapi.response(shop_schemas.OrderOut, "the order")


def paths() -> dict[str, dict[str, Any]]:
    order = "/api/v1/shop/orders/{order_id}"
    return {
        "/api/v1/shop/items": {"get": _list_items(), "post": _create_item()},
        "/api/v1/shop/items/{item_id}": {"patch": _edit_item()},
        "/api/v1/shop/items/{item_id}/restock": {"post": _restock()},
        "/api/v1/shop/orders": {"get": _list_orders(), "post": _place()},
        order: {"get": _get_order()},
        f"{order}/approve": {"post": _decide("approve_shop_order", "Approve", "its voucher")},
        f"{order}/refuse": {"post": _decide("refuse_shop_order", "Refuse", "points back")},
        f"{order}/cancel": {"post": _decide("cancel_shop_order", "Cancel", "points back")},
        f"{order}/voucher.svg": {"get": _voucher("svg", "image/svg+xml")},
        f"{order}/voucher.png": {"get": _voucher("png", "image/png")},
        "/api/v1/shop/redeem": {"post": _redeem()},
    }


def _list_items() -> dict[str, Any]:
    return openapi.operation(
        "list_shop_items",
        "shop",
        "Items on offer, for anyone (no key)",
        parameters=openapi.query(shop_schemas.ItemsQuery, {"community": "a community's code"}),
        responses={
            "200": openapi.response(shop_schemas.ItemsOut, "the items"),
            "400": openapi.error("invalid fields, or a NUL character in the query"),
        },
    )


def _create_item() -> dict[str, Any]:
    return openapi.keyed(
        "create_shop_item",
        "shop",
        "List an item (an operator's key, or its community's organiser)",
        KEYED,
        requestBody=openapi.request_body(shop_schemas.ItemIn, ITEM_EXAMPLE),
        responses={
            "201": openapi.response(shop_schemas.ItemOut, "listed"),
            "400": openapi.error("not JSON, invalid fields, an unknown community or provider"),
            "413": openapi.too_large(),
        },
    )


def _edit_item() -> dict[str, Any]:
    body = {"required": True, "content": {openapi.JSON: {"schema": shop_schemas.ItemPatch}}}
    return openapi.keyed(
        "edit_shop_item",
        "shop",
        "Change an item's name, price, limits, approval, voucher days or offer",
        KEYED,
        parameters=[ITEM_ID],
        requestBody=body,
        responses={"200": ITEM, "400": openapi.error("not JSON, or invalid fields"), **CODE_404},
    )


def _restock() -> dict[str, Any]:
    return openapi.keyed(
        "restock_shop_item",
        "shop",
        "Add to an item's stock",
        KEYED,
        parameters=[ITEM_ID],
        requestBody=openapi.request_body(shop_schemas.RestockIn, {"quantity": 10}),
        responses={"200": ITEM, "400": openapi.error("not JSON, or invalid fields"), **CODE_404},
    )


def _place() -> dict[str, Any]:
    return openapi.keyed(
        "place_shop_order",
        "shop",
        "Order an item for a registered person (a resident app's key)",
        KEYED,
        requestBody=openapi.request_body(shop_schemas.OrderIn, ORDER_EXAMPLE),
        responses={
            "200": openapi.response(shop_schemas.OrderOut, "the order its client_key placed"),
            "201": openapi.response(shop_schemas.OrderOut, "placed: pending or issued"),
            "400": openapi.error("not JSON, or invalid fields"),
            "404": openapi.error("no such person, or no such item on offer"),
            "409": openapi.error(
                "out_of_stock, over_budget, over_limit, insufficient_points, or not_served "
                "(the item serves another community)"
            ),
            "413": openapi.too_large(),
        },
    )


def _list_orders() -> dict[str, Any]:
    statuses = ", ".join(shop_schemas.STATUSES)
    return openapi.keyed(
        "list_shop_orders",
        "shop",
        "Orders, newest first: an organiser's community's, or all for an operator",
        KEYED_GET,
        parameters=openapi.query(shop_schemas.OrdersQuery, {"status": statuses}),
        responses={
            "200": openapi.response(shop_schemas.OrdersOut, "the orders"),
            "400": openapi.error("invalid fields, or a NUL character in the query"),
        },
    )


def _get_order() -> dict[str, Any]:
    return openapi.keyed(
        "get_shop_order",
        "shop",
        "An order (its app, its organiser, or an operator)",
        KEYED_GET,
        parameters=[ORDER_ID],
        responses={"200": ORDER, **CODE_404},
    )


def _decide(name: str, verb: str, then: str) -> dict[str, Any]:
    body = {"required": False, "content": {openapi.JSON: {"schema": shop_schemas.ReasonIn}}}
    return openapi.keyed(
        name,
        "shop",
        f"{verb} an order: {then}",
        KEYED,
        parameters=[ORDER_ID],
        requestBody=body,
        responses={
            "200": ORDER,
            "400": openapi.error("not JSON, or invalid fields"),
            **CODE_404,
            "409": openapi.error("not_pending, not_open, already_redeemed, or a limit"),
            "413": openapi.too_large(),
        },
    )


def _voucher(kind: str, mimetype: str) -> dict[str, Any]:
    picture = {"description": f"the QR code ({kind})", "content": {mimetype: {"schema": {}}}}
    return openapi.keyed(
        f"shop_voucher_{kind}",
        "shop",
        f"The voucher's QR code as {kind.upper()}, for the app that placed the order",
        KEYED_GET,
        parameters=[ORDER_ID],
        responses={
            "200": picture,
            **CODE_404,
            "409": openapi.error("not_approved, already_redeemed or not_open"),
            "410": openapi.error("expired"),
        },
    )


def _redeem() -> dict[str, Any]:
    return openapi.keyed(
        "redeem_shop_voucher",
        "shop",
        "Redeem a scanned voucher at the provider's counter (its merchant key)",
        KEYED,
        requestBody=openapi.request_body(shop_schemas.RedeemIn, {"code": "42.hV3cXk"}),
        responses={
            "200": openapi.response(shop_schemas.OrderOut, "redeemed: the points are yours"),
            "400": openapi.error("not JSON, or invalid fields"),
            "404": openapi.error("forged: no voucher scoring signed"),
            "409": openapi.error("already_redeemed, not_approved or not_open"),
            "410": openapi.error("expired"),
            "413": openapi.too_large(),
        },
    )
