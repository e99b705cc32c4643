"""Other systems' webhook subscriptions (webhooks.py) and their sending (webhook_dispatch.py),
a part of NotifyService (service.py), which holds the dependencies they use."""

from collections.abc import Callable

from werkzeug.wrappers import Request, Response

from gongzhi.apikeys import Holder
from gongzhi.database import Database
from gongzhi.keyguard import presented_key
from gongzhi.web import api, json_response, load_json
from notify import access, schemas, webhook_delivery, webhook_dispatch, webhooks
from notify.dependencies import DispatchTimer, NotifyMetrics, NotifyPlan, WebhookDrains


class WebhookEntrypoints:
    """Mixed into NotifyService, which gives these their dependencies."""

    db: Database
    keys: Callable[..., Holder]
    plan: NotifyPlan
    counted: NotifyMetrics
    drains: WebhookDrains

    @DispatchTimer.decorator
    def send_webhooks(self) -> None:
        """Send other systems what their subscriptions are owed: a timer of its own, so a slow
        receiver never holds up people's messages, and a thread per subscription that outlives
        the tick, so one that hangs holds up no other subscription (webhook_dispatch.Drains)."""
        policy = self.plan.notify.webhooks
        sender = webhook_dispatch.Sender(
            self.db.transaction, policy, self.db.clock, self.plan.contact_key
        )
        self.drains.start(sender, self.counted.webhooks_sent)
        with self.db.transaction() as uow:
            self.counted.webhooks_disabled(webhook_delivery.disabled(uow.session))

    @api("POST", "/api/v1/webhooks")
    def subscribe(self, request: Request) -> Response:
        """Subscribe a URL to event types with an integrator's key, e.g.::

        {"url": "https://ops.example.cn/gongzhi", "event_types": ["routing.issue.assigned.v1"]}

        201 with the subscription and its `secret` (whsec_...), shown this once."""
        with self.db.transaction() as uow:
            holder = access.integrator(self.keys(uow.session, presented_key(request)))
            wanted = load_json(request, schemas.WebhookIn())
            made = webhooks.subscribe(
                uow.session, holder.name, wanted, self.plan.contact_key, self.db.clock.now()
            )
        return json_response(201, schemas.WebhookOut().dump(made))

    @api("GET", "/api/v1/webhooks")
    def list_webhooks(self, request: Request) -> Response:
        """The key holder's own subscriptions (never a secret)."""
        with self.db.transaction() as uow:
            holder = access.integrator(self.keys(uow.session, presented_key(request)))
            found = webhooks.owned(uow.session, holder.name)
        return json_response(200, {"webhooks": schemas.WebhookOut(many=True).dump(found)})

    @api("GET", "/api/v1/webhooks/<string:webhook_id>")
    def get_webhook(self, request: Request, webhook_id: str) -> Response:
        """One subscription of the holder's; 404 if not theirs."""
        with self.db.transaction() as uow:
            holder = access.integrator(self.keys(uow.session, presented_key(request)))
            found = webhooks.own(uow.session, holder.name, schemas.record_id(webhook_id, "webhook"))
        return json_response(200, schemas.WebhookOut().dump(found))

    @api("DELETE", "/api/v1/webhooks/<string:webhook_id>")
    def delete_webhook(self, request: Request, webhook_id: str) -> Response:
        """Unsubscribe: the subscription and what it is still owed go; 404 if not theirs."""
        with self.db.transaction() as uow:
            holder = access.integrator(self.keys(uow.session, presented_key(request)))
            number = schemas.record_id(webhook_id, "webhook")
            webhooks.unsubscribe(uow.session, holder.name, number)
        return json_response(200, {"id": number, "deleted": True})

    @api("POST", "/api/v1/webhooks/<string:webhook_id>/enable")
    def enable_webhook(self, request: Request, webhook_id: str) -> Response:
        """Enable a subscription again (one disabled after failures): what it is owed goes."""
        with self.db.transaction() as uow:
            holder = access.integrator(self.keys(uow.session, presented_key(request)))
            number = schemas.record_id(webhook_id, "webhook")
            found = webhooks.enable(uow.session, holder.name, number, self.db.clock.now())
        return json_response(200, schemas.WebhookOut().dump(found))
