"""Routing: grids, tiers, owners. Entrypoints only; decisions live in handlers.py."""

from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.service import ServiceBase
from routing import handlers, model
from routing.dependencies import Grids


class RoutingService(ServiceBase):
    name = "routing"
    db = Database(model.metadata)
    grids = Grids()

    @event_handler("intake.report.submitted.v1")
    def on_report_submitted(self, event: Event) -> None:
        self.db.apply_once(
            event,
            handlers.route_report,
            clock=self.db.clock,
            district=self.district,
            index=self.grids,
        )
