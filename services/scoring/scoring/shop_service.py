"""The shop's entrypoints (积分超市): items, orders, their approval and cancel, the voucher's QR
code for the person's app and the counter that redeems it, and the timer that expires vouchers
past their days and orders left pending past the district's days. A part of ScoringService
(service.py), which holds the dependencies they use; the decisions are shop_items.py's,
shop_orders.py's, shop_returns.py's and shop_vouchers.py's; who may call which route is in
access.py."""

import contextlib
from collections.abc import Iterator

import structlog
from nameko.timer import timer
from sqlalchemy.engine import Row
from werkzeug.wrappers import Request, Response

from gongzhi.apikeys import Holder
from gongzhi.database import Database
from gongzhi.keyguard import presented_key
from gongzhi.web import HttpError, api, json_response, load_args, load_json
from scoring import access, ledger, shop_items, shop_orders, shop_returns, shop_vouchers
from scoring import shop_schemas as wire
from scoring.dependencies import ScoringMetrics, VoucherKeys
from scoring.earning import Book
from scoring.schemas import record_id

log = structlog.get_logger(__name__)
EXPIRE_ORDERS_EVERY_SECONDS = 60
ITEM = "/api/v1/shop/items/<string:item_id>"
ORDER = "/api/v1/shop/orders/<string:order_id>"


@contextlib.contextmanager
def counted(metrics: ScoringMetrics) -> Iterator[None]:
    """A 409 refusing an order counted by its code; a ledger refusal as a 409 naming it."""
    try:
        yield
    except ledger.Refused as refused:
        metrics.order_outcome(refused.code)
        raise HttpError(409, refused.code, refused.message) from refused
    except HttpError as refusal:
        if refusal.status == 409:
            metrics.order_outcome(refusal.code)
        raise


class ShopEntrypoints:
    """Mixed into ScoringService, which gives these their dependencies."""

    db: Database
    book: Book
    keys: object
    counted: ScoringMetrics
    vouchers = VoucherKeys()

    def _holder(self, session, request: Request, guard) -> Holder:
        return guard(self.keys(session, presented_key(request)))  # type: ignore[operator]

    @api("GET", "/api/v1/shop/items")
    def list_shop_items(self, request: Request) -> Response:
        """Items on offer, for anyone (no key), e.g. ?community=620502001001."""
        community = load_args(request, wire.ItemsQuery())["community"]
        with self.db.transaction() as uow:
            found = shop_items.listed(uow.session, community)
        return json_response(200, wire.ItemsOut().dump({"items": found}))

    @api("POST", "/api/v1/shop/items")
    def create_shop_item(self, request: Request) -> Response:
        """List an item (an operator's key, or its community's organiser), e.g.
        `{"community": "620502001001", "provider": "m-1", "name": "大米 5kg", "price": 200,
        "stock": 20, "per_month": 1}`: 201."""
        with self.db.transaction() as uow:
            holder = self._holder(uow.session, request, access.shop_keeper)
            wanted = shop_items.ItemIn(**load_json(request, wire.ItemIn()))
            if not access.sees_community(holder, wanted.community):
                raise HttpError(403, "forbidden", "an organiser lists its own community's items")
            now, communities = self.db.clock.now(), self.book.communities
            made = shop_items.create(uow.session, wanted, holder.name, now, communities)
        return json_response(201, wire.ItemOut().dump(made))

    @api("PATCH", ITEM)
    def edit_shop_item(self, request: Request, item_id: str) -> Response:
        """Change an item's name, price, limits, approval, voucher days or whether it is on
        offer, e.g. `{"price": 180, "active": false}`."""
        with self.db.transaction() as uow:
            holder = self._item_keeper(uow.session, request, item_id)
            changes = load_json(request, wire.ItemPatch())
            now = self.db.clock.now()
            done = shop_items.edit(uow.session, int(item_id), changes, holder.name, now)
        return json_response(200, wire.ItemOut().dump(done))

    @api("POST", f"{ITEM}/restock")
    def restock_shop_item(self, request: Request, item_id: str) -> Response:
        """Add to an item's stock, e.g. `{"quantity": 10}`."""
        with self.db.transaction() as uow:
            holder = self._item_keeper(uow.session, request, item_id)
            quantity = load_json(request, wire.RestockIn())["quantity"]
            now = self.db.clock.now()
            done = shop_items.restock(uow.session, int(item_id), quantity, holder.name, now)
        return json_response(200, wire.ItemOut().dump(done))

    def _item_keeper(self, session, request: Request, item_id: str) -> Holder:
        holder = self._holder(session, request, access.shop_keeper)
        item = shop_items.item_of(session, record_id(item_id, "item"))
        if not access.sees_community(holder, item.community):
            raise HttpError(404, "not_found", f"no item {item_id} in community {holder.name}")
        return holder

    @api("POST", "/api/v1/shop/orders")
    def place_shop_order(self, request: Request) -> Response:
        """Order an item for a registered person (a resident app's key), e.g. `{"person":
        "p-1001", "item": 1, "client_key": "app-7f3a"}`: 201, or 200 with the order the same
        client_key placed; 409 out_of_stock, over_budget, over_limit or insufficient_points."""
        with counted(self.counted), self.db.transaction() as uow:
            holder = self._holder(uow.session, request, access.shopper)
            wanted = shop_orders.OrderIn(**load_json(request, wire.OrderIn()))
            now = self.db.clock.now()
            made, new = shop_orders.place(
                uow.session, wanted, holder.name, now, self.book, uow.outbox
            )
            left = shop_items.item_of(uow.session, made.item_id).stock
        if new:
            self.counted.order_outcome("placed")
            if left == 0:
                self.counted.stockout(made.community)
        return json_response(201 if new else 200, wire.OrderOut().dump(made))

    @api("GET", "/api/v1/shop/orders")
    def list_shop_orders(self, request: Request) -> Response:
        """Orders, newest first (`?status=pending` for those waiting for approval): an
        organiser's community's, or every community's for an operator."""
        with self.db.transaction() as uow:
            holder = self._holder(uow.session, request, access.claims_reader)
            status = load_args(request, wire.OrdersQuery())["status"]
            community = holder.name if holder.role == "organiser" else None
            found = shop_orders.orders_of(uow.session, community, status)
        return json_response(200, wire.OrdersOut().dump({"orders": found}))

    @api("GET", ORDER)
    def get_shop_order(self, request: Request, order_id: str) -> Response:
        """An order: its status, and its voucher's expiry once issued."""
        with self.db.transaction() as uow:
            _, found = self._order(uow.session, request, order_id, access.order_reader)
        return json_response(200, wire.OrderOut().dump(found))

    def _order(self, session, request: Request, order_id: str, guard) -> tuple[Holder, Row]:
        holder = self._holder(session, request, guard)
        found = shop_orders.order_of(session, record_id(order_id, "order"))
        if not access.sees_order(holder, found):
            raise HttpError(404, "not_found", f"no order {order_id}")
        return holder, found

    @api("POST", f"{ORDER}/approve")
    def approve_shop_order(self, request: Request, order_id: str) -> Response:
        """Approve a pending order of the organiser's community: its voucher is issued."""
        with counted(self.counted), self.db.transaction() as uow:
            _, found = self._order(uow.session, request, order_id, access.approver)
            step = shop_returns.Step(found.community, "organiser", self.db.clock.now())
            done = shop_returns.approve(uow.session, found.id, step, uow.outbox)
        self.counted.order_outcome("approved")
        return json_response(200, wire.OrderOut().dump(done))

    @api("POST", f"{ORDER}/refuse")
    def refuse_shop_order(self, request: Request, order_id: str) -> Response:
        """Refuse a pending order, e.g. `{"reason": "本月已领取"}`: its points and item back."""
        return self._give_back(request, order_id, "refused", access.approver)

    @api("POST", f"{ORDER}/cancel")
    def cancel_shop_order(self, request: Request, order_id: str) -> Response:
        """Cancel an order not yet redeemed (its app or its organiser): points and item back."""
        return self._give_back(request, order_id, "cancelled", access.canceller)

    def _give_back(self, request: Request, order_id: str, status: str, guard) -> Response:
        with counted(self.counted), self.db.transaction() as uow:
            holder, found = self._order(uow.session, request, order_id, guard)
            given = request.get_data(cache=True)  # no body: no reason
            reason = load_json(request, wire.ReasonIn())["reason"] if given else None
            role = "app" if holder.role == "resident_app" else "organiser"
            step = shop_returns.Step(holder.name, role, self.db.clock.now(), reason)
            done = shop_returns.give_back(
                uow.session, found.id, status, step, self.book, uow.outbox
            )
        self.counted.order_outcome(status)
        return json_response(200, wire.OrderOut().dump(done))

    @api("GET", f"{ORDER}/voucher.svg")
    def shop_voucher_svg(self, request: Request, order_id: str) -> Response:
        """The voucher's QR code as SVG, for the app that placed the order, while it is good."""
        return self._voucher(request, order_id, "svg")

    @api("GET", f"{ORDER}/voucher.png")
    def shop_voucher_png(self, request: Request, order_id: str) -> Response:
        return self._voucher(request, order_id, "png")

    def _voucher(self, request: Request, order_id: str, kind: str) -> Response:
        with self.db.transaction() as uow:
            _, found = self._order(uow.session, request, order_id, access.voucher_reader)
            shop_vouchers.check_good(found, self.db.clock.now())
        code = shop_vouchers.code_of(found.id, self.vouchers)  # type: ignore[arg-type]
        picture = shop_vouchers.picture(code, kind)
        return Response(picture, status=200, mimetype=shop_vouchers.KINDS[kind])

    @api("POST", "/api/v1/shop/redeem")
    def redeem_shop_voucher(self, request: Request) -> Response:
        """Redeem a scanned voucher at the provider's counter (its merchant key), e.g.
        `{"code": "42.hV3c..."}`: its points go to the provider; 409 already_redeemed, 403
        another provider's, 404 forged, 410 expired."""
        with counted(self.counted), self.db.transaction() as uow:
            holder = self._holder(uow.session, request, access.counter)
            code = load_json(request, wire.RedeemIn())["code"]
            now, keys = self.db.clock.now(), self.vouchers
            done = shop_vouchers.redeem(
                uow.session, code, holder.name, now, keys, self.book, uow.outbox
            )
        self.counted.order_outcome("redeemed")
        self.counted.redeemed(done.community, done.price)
        return json_response(200, wire.OrderOut().dump(done))

    @timer(interval=EXPIRE_ORDERS_EVERY_SECONDS, eager=True)
    def expire_shop_orders(self) -> None:
        """Give back each issued order whose voucher's days passed, and each pending one not
        approved within the district's `scoring.shop.pending_days`, one unit of work each."""
        now = self.db.clock.now()
        with self.db.transaction() as uow:
            due = shop_returns.due(uow.session, now, self.book.scoring.shop.pending_days)
        step = shop_returns.Step("timer", "timer", now)
        for order_id in due:
            try:
                with self.db.transaction() as uow:
                    shop_returns.give_back(
                        uow.session, order_id, "expired", step, self.book, uow.outbox
                    )
            except (HttpError, ledger.Refused) as refused:  # taken meanwhile, or a limit
                log.info("order_not_expired", order=order_id, code=getattr(refused, "code", ""))
                continue
            self.counted.order_outcome("expired")
