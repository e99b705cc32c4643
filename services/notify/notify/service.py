"""Notify: tells everyone concerned. Entrypoints only; decisions live in handlers.py, rules.py
and delivery.py, residents' contacts in residents.py, reads in views.py."""

from collections import Counter

import structlog
from nameko.timer import timer
from werkzeug.wrappers import Request, Response

from gongzhi.contact_key import PseudonymKey
from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.service import ServiceBase
from gongzhi.web import api, json_response, load_args, load_json
from notify import (
    access,
    addresses,
    delivery,
    dispatch,
    handlers,
    holding,
    model,
    openapi,
    receipts,
    resident_preferences,
    residents,
    schemas,
    sms_replies,
    subscriptions,
    views,
)
from notify.council_news import CouncilNews
from notify.dependencies import DispatchTimer, NotifyMetrics, NotifyPlan, WebhookDrains
from notify.scoring_news import ScoringNews
from notify.webhook_service import WebhookEntrypoints

log = structlog.get_logger(__name__)
PURGE_EVERY_SECONDS = 3600  # residents' contacts are kept for days: hourly is soon enough


class NotifyService(CouncilNews, ScoringNews, WebhookEntrypoints, ServiceBase):
    name = "notify"
    db = Database(model.metadata)
    plan = NotifyPlan()
    keys = KeyGuard(model.api_keys)
    counted = NotifyMetrics()
    drains = WebhookDrains()
    pseudonym_key = PseudonymKey()  # residents' refs, as intake makes them, for SMS replies

    @event_handler("intake.report.submitted.v1")
    def on_report_submitted(self, event: Event) -> None:
        self._tell(event)

    @event_handler("intake.report.corroborated.v1")
    def on_report_corroborated(self, event: Event) -> None:
        self._tell(event)

    @event_handler("intake.report.updated.v1")
    def on_report_updated(self, event: Event) -> None:
        self._tell(event)

    @event_handler("routing.issue.assigned.v1")
    def on_issue_assigned(self, event: Event) -> None:
        self._tell(event)

    @event_handler("routing.issue.light_changed.v1")
    def on_light_changed(self, event: Event) -> None:
        self._tell(event)

    @event_handler("routing.issue.warned.v1")
    def on_issue_warned(self, event: Event) -> None:
        self._tell(event)

    @event_handler("routing.issue.transitioned.v1")
    def on_issue_transitioned(self, event: Event) -> None:
        """A step in a case's life: what it owes residents and staff, and, when the case
        closes, its residents' contacts get their purge date (a reopening clears it)."""
        self._applied(event, handlers.transitioned)

    @event_handler("intake.contact.shared.v1")
    def on_contact_shared(self, event: Event) -> None:
        """A reporter's contact, sealed for notify alone, e.g.::

        {"report_id": "<case id>", "reporter_ref": "9f2c...", "co_report": false,
         "address": "phone", "contact": "gAAAAAB..."}
        """
        self.db.apply_once(event, residents.keep_contact)

    def _tell(self, event: Event) -> None:
        self._applied(event, handlers.tell)

    def _applied(self, event: Event, handler) -> None:
        """Apply a handler that owes messages; what it suppressed is counted once committed."""
        suppressed: Counter[str] = Counter()
        plan, clock = self.plan, self.db.clock
        if self.db.apply_once(event, handler, clock=clock, plan=plan, suppressed=suppressed):
            self.counted.suppressed(suppressed)

    @DispatchTimer.decorator
    def dispatch_due(self) -> None:
        """Write the digests due, then send what is due, batch after batch while batches
        come full."""
        plan = self.plan
        with self.db.transaction() as uow:
            handlers.send_digests(uow.session, self.db.clock.now(), plan)
        for _ in range(10):
            done = dispatch.run(
                self.db.transaction,
                plan.notify.channels,
                plan.notify.retry,
                addresses.AddressBook(plan.contact_key),  # contacts opened once a pass
                self.db.clock,
                not_before=holding.after_quiet_hours(plan.holding),
                links=plan.links,
                own_key=plan.contact_key,
            )
            self.counted.passed(done)
            if done.claimed < delivery.BATCH:
                break
        with self.db.transaction() as uow:
            self.counted.waiting(*views.backlog(uow.session, self.db.clock.now()))

    @timer(interval=PURGE_EVERY_SECONDS, eager=True)
    def purge_contacts(self) -> None:
        """Delete residents' contacts whose case closed long enough ago."""
        with self.db.transaction() as uow:
            purged = residents.purge_due(uow.session, self.db.clock.now())
        if purged:
            log.info("resident_contacts_purged", count=purged)

    @api("GET", "/api/v1/openapi.json")
    def openapi_document(self, request: Request) -> Response:
        """This API's OpenAPI 3.1 document, for anyone, no key needed: the same as the
        committed services/notify/openapi.json."""
        return json_response(200, openapi.document())

    @api("GET", "/api/v1/deliveries")
    def list_deliveries(self, request: Request) -> Response:
        """The delivery log, for an operator's key: `?subject=`, `recipient`, `status`,
        `channel` filter it; each message with its attempts. `?stuck=1`: pending or sending
        past their due time, oldest first."""
        with self.db.transaction() as uow:
            access.operator(self.keys(uow.session, presented_key(request)))
            query = load_args(request, schemas.DeliveryQuery())
            found = views.deliveries_log(uow.session, query, self.db.clock.now())
        return json_response(200, {"deliveries": schemas.DeliveryOut(many=True).dump(found)})

    @api("POST", "/api/v1/receipts")
    def take_receipts(self, request: Request) -> Response:
        """A gateway's delivery receipts, e.g. `{"receipts": [{"provider_id": "SM-1",
        "status": "delivered"}]}`: what each did (delivered, next_channel, failed, unknown,
        settled), in order."""
        with self.db.transaction() as uow:
            access.gateway(self.keys(uow.session, presented_key(request)))
            given = load_json(request, schemas.ReceiptsIn())["receipts"]
            now = self.db.clock.now()
            done = [receipts.apply(uow.session, receipts.Receipt(**r), now) for r in given]
        return json_response(200, {"outcomes": done})

    @api("POST", "/api/v1/sms/replies")
    def take_sms_replies(self, request: Request) -> Response:
        """What residents sent back to the district's SMS, from its gateway's key, e.g.
        `{"replies": [{"phone_number": "13800138000", "content": "TD"}]}`: TD opts the sender
        out of every non-critical message, DY back in (sms_replies.py). Each text's meaning
        (opt_out, opt_in, ignored), in order, whether notify knows the number or not."""
        with self.db.transaction() as uow:
            access.replies(self.keys(uow.session, presented_key(request)))
            given = load_json(request, schemas.SmsRepliesIn())["replies"]
            now, key = self.db.clock.now(), self.pseudonym_key
            meanings = sms_replies.take(uow.session, given, key=key, plan=self.plan, now=now)
        self.counted.sms_replies(meanings)
        return json_response(200, {"meanings": meanings})

    @api("GET", "/api/v1/inbox")
    def inbox(self, request: Request) -> Response:
        """The in-app inbox of the key's holder, newest first; `?unread=1` for the unread."""
        with self.db.transaction() as uow:
            holder = access.reader(self.keys(uow.session, presented_key(request)))
            unread = request.args.get("unread") in ("1", "true")
            found = views.inbox(uow.session, holder.name, unread=unread)
        return json_response(200, {"messages": schemas.InboxOut(many=True).dump(found)})

    @api("POST", "/api/v1/inbox/<string:message_id>/read")
    def mark_read(self, request: Request, message_id: str) -> Response:
        """Mark one message of the holder's inbox read (again: no change); 404 if not theirs."""
        with self.db.transaction() as uow:
            holder = access.reader(self.keys(uow.session, presented_key(request)))
            number = schemas.record_id(message_id, "message")
            views.mark_read(uow.session, holder.name, number, self.db.clock.now())
        return json_response(200, {"id": number, "read": True})

    @api("GET", "/api/v1/preferences")
    def get_preferences(self, request: Request) -> Response:
        """The staff key's holder's own choices, by topic."""
        with self.db.transaction() as uow:
            holder = access.chooser(self.keys(uow.session, presented_key(request)))
            found = views.preferences(uow.session, holder.name)
        body = {"recipient": holder.name, "preferences": found}
        return json_response(200, schemas.PreferencesOut().dump(body))

    @api("GET", "/api/v1/subscriptions")
    def get_subscriptions(self, request: Request) -> Response:
        """The staff key's holder's topics: the grids and categories they hear every case of."""
        with self.db.transaction() as uow:
            holder = access.chooser(self.keys(uow.session, presented_key(request)))
            body = {"recipient": holder.name, "topics": subscriptions.of(uow.session, holder.name)}
        return json_response(200, schemas.SubscriptionsOut().dump(body))

    @api("PUT", "/api/v1/subscriptions")
    def put_subscriptions(self, request: Request) -> Response:
        """Replace the holder's topics, e.g. `{"topics": ["grid:620502001001",
        "category:blocked-sewer"]}`; an unknown grid or category is a 400 naming it."""
        with self.db.transaction() as uow:
            holder = access.chooser(self.keys(uow.session, presented_key(request)))
            topics = load_json(request, schemas.SubscriptionsIn())["topics"]
            handlers.subscribe(
                uow.session, holder.name, topics, clock=self.db.clock, plan=self.plan
            )
            body = {"recipient": holder.name, "topics": subscriptions.of(uow.session, holder.name)}
        return json_response(200, schemas.SubscriptionsOut().dump(body))

    @api("PUT", "/api/v1/preferences")
    def put_preferences(self, request: Request) -> Response:
        """Replace the holder's choices, e.g. (channels the district has: the sample's are
        inbox and log, a district in production adds wecom, sms, ...)::

        {"preferences": [{"topic": "warnings", "channels": ["inbox"], "digest": true},
                         {"topic": "case", "opted_out": true}]}
        """
        with self.db.transaction() as uow:
            holder = access.chooser(self.keys(uow.session, presented_key(request)))
            chosen = load_json(request, schemas.PreferencesIn())["preferences"]
            handlers.choose(uow.session, holder.name, chosen, clock=self.db.clock, plan=self.plan)
            found = views.preferences(uow.session, holder.name)
        body = {"recipient": holder.name, "preferences": found}
        return json_response(200, schemas.PreferencesOut().dump(body))

    @api("GET", "/api/v1/preferences/resident")
    def get_resident_preferences(self, request: Request) -> Response:
        """A resident's own choices, with their link's token for a key (`?token=`): the
        topics they hear of, the channels that reach their contact, what they chose."""
        with self.db.transaction() as uow:
            ref = self._resident(request)
            found = resident_preferences.view(uow.session, ref, self.plan)
        return json_response(200, schemas.ResidentPreferencesOut().dump(found))

    @api("PUT", "/api/v1/preferences/resident")
    def put_resident_preferences(self, request: Request) -> Response:
        """Replace a resident's choices (`?token=`), e.g. `{"preferences": [{"topic": "case",
        "opted_out": true}]}`; a channel that does not reach them is a 400 naming it."""
        with self.db.transaction() as uow:
            ref = self._resident(request)
            chosen = load_json(request, schemas.PreferencesIn())["preferences"]
            now = self.db.clock.now()
            resident_preferences.choose(uow.session, ref, chosen, self.plan, now)
            found = resident_preferences.view(uow.session, ref, self.plan)
        return json_response(200, schemas.ResidentPreferencesOut().dump(found))

    @api("POST", "/api/v1/preferences/resident/unsubscribe")
    def unsubscribe_resident(self, request: Request) -> Response:
        """RFC 8058's one-click unsubscribe, which an e-mail's List-Unsubscribe names: the
        form `List-Unsubscribe=One-Click`; the resident opts out of every topic."""
        ref = self._resident(request)
        schemas.one_click(request.form)
        with self.db.transaction() as uow:
            now = self.db.clock.now()
            topics = resident_preferences.unsubscribe(uow.session, ref, self.plan, now)
        return json_response(200, {"opted_out": topics})

    def _resident(self, request: Request) -> str:
        token = request.args.get("token")
        return access.resident(self.plan.links, token, self.db.clock.now())
