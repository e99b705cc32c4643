"""Deliberation's news (deliberation.*): a vote's result, a matter opened or moved on, a meeting
called, a step lapsed, an evaluation closed, a plan filed with the street, heard for whom the
district's rules tell and for the webhooks that want them. A part of NotifyService (service.py)."""

from gongzhi.envelope import Event
from gongzhi.handler import event_handler


class CouncilNews:
    """Mixed into NotifyService, which gives `_tell` (the district's rules and webhooks)."""

    def _tell(self, event: Event) -> None:
        raise NotImplementedError  # NotifyService's

    @event_handler("deliberation.vote.closed.v1")
    def on_vote_closed(self, event: Event) -> None:
        """An assembly vote's result, e.g. ``{"matter_id": "m-1", "carried": true, "parties":
        [...], "reasons": []}``: for those the rules tell and the webhooks that want it."""
        self._tell(event)

    @event_handler("deliberation.matter.opened.v1")
    def on_matter_opened(self, event: Event) -> None:
        self._tell(event)

    @event_handler("deliberation.matter.stepped.v1")
    def on_matter_stepped(self, event: Event) -> None:
        self._tell(event)

    @event_handler("deliberation.meeting.called.v1")
    def on_meeting_called(self, event: Event) -> None:
        """A council meeting called: its `parties` (person ids) are invited."""
        self._tell(event)

    @event_handler("deliberation.step.warned.v1")
    def on_step_warned(self, event: Event) -> None:
        """A matter's step lapsed: its `parties` (person ids), who act on it, are told."""
        self._tell(event)

    @event_handler("deliberation.matter.evaluated.v1")
    def on_matter_evaluated(self, event: Event) -> None:
        """A matter's evaluation closed: its `parties` (the council) hear the counts."""
        self._tell(event)

    @event_handler("deliberation.review.filed.v1")
    def on_review_filed(self, event: Event) -> None:
        """A community's plan filed with the street: its `supervisors` (roster ids) are told."""
        self._tell(event)
