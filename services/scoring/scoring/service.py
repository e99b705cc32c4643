"""Scoring: points, ratings, rankings. Entrypoints only; decisions live in handlers.py."""

from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.service import ServiceBase
from scoring import handlers, model


class ScoringService(ServiceBase):
    name = "scoring"
    db = Database(model.metadata)

    @event_handler("intake.report.submitted.v1")
    def on_report_submitted(self, event: Event) -> None:
        self.db.apply_once(event, handlers.record_report)

    @event_handler("intake.report.corroborated.v1")
    def on_report_corroborated(self, event: Event) -> None:
        self.db.apply_once(event, handlers.record_co_report)
