"""Notify: tells everyone concerned. Entrypoints only; decisions live in handlers.py, and
residents' contacts in residents.py."""

import structlog
from nameko.timer import timer
from werkzeug.wrappers import Request, Response

from gongzhi.contact_key import ContactKey
from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.service import ServiceBase
from gongzhi.web import HttpError, api, json_response
from notify import handlers, model, residents, schemas
from notify.config import notify_of

log = structlog.get_logger(__name__)
PURGE_EVERY_SECONDS = 3600  # residents' contacts are kept for days: hourly is soon enough


class NotifyService(ServiceBase):
    name = "notify"
    db = Database(model.metadata)
    contact_key = ContactKey()  # opens residents' contacts at send time (residents.contacts_of)

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

    @event_handler("intake.contact.shared.v1")
    def on_contact_shared(self, event: Event) -> None:
        """A reporter's contact, sealed for notify alone, e.g.::

        {"report_id": "<case id>", "reporter_ref": "9f2c...", "co_report": false,
         "address": "phone", "contact": "gAAAAAB..."}
        """
        self.db.apply_once(event, residents.keep_contact)

    @event_handler("routing.issue.transitioned.v1")
    def on_issue_transitioned(self, event: Event) -> None:
        """A step in a case's life: when the case closes, its residents' contacts get their
        purge date; a reopening clears it. E.g. (the fields read here)::

        {"issue_id": "<case id>", "action": "close", "status": "closed",
         "at": "2026-11-24T10:00:00+08:00", ...}
        """
        policy = notify_of(self.district).residents
        self.db.apply_once(event, residents.track_case, policy=policy)

    @timer(interval=PURGE_EVERY_SECONDS, eager=True)
    def purge_contacts(self) -> None:
        """Delete residents' contacts whose case closed long enough ago."""
        with self.db.transaction() as uow:
            purged = residents.purge_due(uow.session, self.db.clock.now())
        if purged:
            log.info("resident_contacts_purged", count=purged)

    @api("GET", "/api/v1/deliveries")
    def list_deliveries(self, request: Request) -> Response:
        """Deliveries about one subject: `GET /api/v1/deliveries?subject=<issue id>`."""
        subject = request.args.get("subject", "")
        if not subject:
            raise HttpError(400, "missing_subject", "give ?subject=<issue or report id>")
        with self.db.transaction() as uow:
            found = handlers.deliveries_about(uow.session, subject)
        return json_response(200, {"deliveries": schemas.DeliveryOut(many=True).dump(found)})
