"""Scoring's shop orders (scoring.order.*), heard for whom the district's rules tell (an
organiser of an order waiting for approval, say) and for the webhooks that want them (a
provider's till hearing of orders and redemptions). A part of NotifyService (service.py)."""

from gongzhi.envelope import Event
from gongzhi.handler import event_handler


class ShopNews:
    """Mixed into NotifyService, which gives `_tell` (the district's rules and webhooks)."""

    def _tell(self, event: Event) -> None:
        raise NotImplementedError  # NotifyService's

    @event_handler("scoring.order.placed.v1")
    def on_order_placed(self, event: Event) -> None:
        """An order placed, e.g. `{"order_id": 42, "item": "大米 5kg", "status": "pending"}`."""
        self._tell(event)

    @event_handler("scoring.order.redeemed.v1")
    def on_order_redeemed(self, event: Event) -> None:
        self._tell(event)

    @event_handler("scoring.order.cancelled.v1")
    def on_order_cancelled(self, event: Event) -> None:
        self._tell(event)

    @event_handler("scoring.order.expired.v1")
    def on_order_expired(self, event: Event) -> None:
        self._tell(event)
