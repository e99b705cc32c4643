"""Scoring's news (scoring.*): the shop's orders, heard for whom the district's rules tell (an
organiser of an order waiting for approval, say) and for the webhooks that want them (a
provider's till hearing of orders and redemptions); yellow cards, rating invitations and
claimed projects. A part of NotifyService (service.py)."""

from gongzhi.envelope import Event
from gongzhi.handler import event_handler


class ScoringNews:
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

    @event_handler("scoring.card.yellow.v1")
    def on_yellow_card(self, event: Event) -> None:
        """An owner's month scored under the threshold: its heads (rules' `heads`) are told."""
        self._tell(event)

    @event_handler("scoring.rating.invited.v1")
    def on_rating_invited(self, event: Event) -> None:
        """A resolved case's reporters invited to rate it: each their own link, from the
        event's `per_recipient` (handlers.tell)."""
        self._tell(event)

    @event_handler("scoring.project.claimed.v1")
    def on_project_claimed(self, event: Event) -> None:
        """A project claimed: the community that published it (rules' `owner`) is told."""
        self._tell(event)

    @event_handler("scoring.project.done.v1")
    def on_project_done(self, event: Event) -> None:
        """A project reported done, for its resident to rate: its community is told."""
        self._tell(event)

    @event_handler("scoring.project.rated.v1")
    def on_project_rated(self, event: Event) -> None:
        """A project rated by the resident who ordered it: its community is told."""
        self._tell(event)
