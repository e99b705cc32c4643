"""Deliberation: 1+4+N councils. Entrypoints only; decisions live in handlers.py."""

from deliberation import handlers, model
from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.service import ServiceBase


class DeliberationService(ServiceBase):
    name = "deliberation"
    db = Database(model.metadata)

    @event_handler("routing.issue.assigned.v1")
    def on_issue_assigned(self, event: Event) -> None:
        self.db.apply_once(event, handlers.remember_issue)
