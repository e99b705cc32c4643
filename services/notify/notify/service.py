"""Notify: tells everyone concerned. Entrypoints only; decisions live in handlers.py."""

from werkzeug.wrappers import Request, Response

from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.service import ServiceBase
from gongzhi.web import HttpError, api, json_response
from notify import handlers, model, schemas


class NotifyService(ServiceBase):
    name = "notify"
    db = Database(model.metadata)

    @event_handler("routing.issue.assigned.v1")
    def on_issue_assigned(self, event: Event) -> None:
        self.db.apply_once(event, handlers.notify_assignee, clock=self.db.clock)

    @event_handler("routing.issue.light_changed.v1")
    def on_light_changed(self, event: Event) -> None:
        self.db.apply_once(event, handlers.tell_owner_of_light, clock=self.db.clock)

    @event_handler("routing.issue.warned.v1")
    def on_issue_warned(self, event: Event) -> None:
        self.db.apply_once(event, handlers.warn_supervisors, clock=self.db.clock)

    @event_handler("intake.report.corroborated.v1")
    def on_report_corroborated(self, event: Event) -> None:
        self.db.apply_once(event, handlers.watch_for_co_reporter)

    @event_handler("intake.report.updated.v1")
    def on_report_updated(self, event: Event) -> None:
        self.db.apply_once(event, handlers.tell_of_update, clock=self.db.clock)

    @api("GET", "/api/v1/deliveries")
    def list_deliveries(self, request: Request) -> Response:
        """Deliveries about one subject: `GET /api/v1/deliveries?subject=<issue id>`."""
        subject = request.args.get("subject", "")
        if not subject:
            raise HttpError(400, "missing_subject", "give ?subject=<issue or report id>")
        with self.db.transaction() as uow:
            found = handlers.deliveries_about(uow.session, subject)
        return json_response(200, {"deliveries": schemas.DeliveryOut(many=True).dump(found)})
