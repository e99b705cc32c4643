"""The webhook sender: a green thread per subscription with anything due, each sending that
subscription's events one at a time, in order, until none is due or one fails. A send is bounded
by the policy's timeout and no transaction is open while it waits, so a slow or failing receiver
holds up only its own subscription: the others go on beside it, and people's messages
(dispatch.py) have their own pass and timer. `run` is one pass that waits for them all;
the service uses `Drains`, whose threads outlive the timer's tick, so that a receiver that
hangs does not hold up even the next tick's events for the others."""

import functools
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import eventlet
import requests
import structlog
from standardwebhooks import Webhook

from notify import webhook_delivery, webhooks
from notify.retries import WebhookPolicy
from notify.webhook_delivery import Owed

log = structlog.get_logger(__name__)
PER_PASS = 100  # events one subscription is sent in one pass, at most
POOL = 50  # subscriptions served at once


@dataclass
class WebhookPass:
    """What one pass did, for the metrics: outcome (sent, retry, failed) -> count."""

    outcomes: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


@dataclass(frozen=True)
class Sender:
    """What a pass works with: `transaction()` yields a unit of work with `.session`; `key`
    opens the subscriptions' secrets."""

    transaction: Callable[[], AbstractContextManager[Any]]
    policy: WebhookPolicy
    clock: Any
    key: bytes


def run(sender: Sender) -> WebhookPass:
    """Serve every enabled subscription with anything due, side by side."""
    done = WebhookPass()
    with sender.transaction() as uow:
        waiting = webhook_delivery.waiting(uow.session)
    if waiting:
        pool = eventlet.GreenPool(size=min(len(waiting), POOL))
        for outcomes in pool.imap(lambda webhook_id: _drain(sender, webhook_id), waiting):
            for outcome in outcomes:
                done.add(outcome)
    return done


class Drains:
    """The subscriptions being served now, each by a thread `spawn` starts (the container's
    managed threads in the service): `start` serves each subscription with anything due that
    is not served already, at most POOL at once, and returns without waiting; `counted` is
    given each thread's outcomes when it ends."""

    def __init__(self, spawn: Callable[[Callable[[], None]], Any]):
        self._spawn = spawn
        self._serving: set[int] = set()

    def start(self, sender: Sender, counted: Callable[[list[str]], None]) -> int:
        with sender.transaction() as uow:
            waiting = webhook_delivery.waiting(uow.session)
        started = 0
        for webhook_id in waiting:
            if webhook_id in self._serving or len(self._serving) >= POOL:
                continue
            self._serving.add(webhook_id)
            self._spawn(functools.partial(self._serve, sender, webhook_id, counted))
            started += 1
        return started

    def _serve(self, sender: Sender, webhook_id: int, counted: Callable[[list[str]], None]) -> None:
        try:
            counted(_drain(sender, webhook_id))
        finally:
            self._serving.discard(webhook_id)


def _drain(sender: Sender, webhook_id: int) -> list[str]:
    """One subscription's due events in order, until one must be retried or none is due."""
    outcomes: list[str] = []
    for _ in range(PER_PASS):
        with sender.transaction() as uow:
            owed = webhook_delivery.claim_next(uow.session, webhook_id, sender.clock.now())
        if owed is None:
            break
        error = post(owed, sender)
        with sender.transaction() as uow:
            outcome = webhook_delivery.settle(
                uow.session, owed, error, sender.clock.now(), sender.policy
            )
        _log(owed, outcome, error)
        outcomes.append(outcome)
        if outcome == "retry":  # the rest wait behind it, in order
            break
    return outcomes


def post(owed: Owed, sender: Sender) -> str | None:
    """POST the event signed as Standard Webhooks ask; None if a 2xx answered, else why not."""
    now = sender.clock.now()
    secret = webhooks.unseal(owed.sealed_secret, sender.key)
    headers = {
        "Content-Type": "application/json",
        "webhook-id": owed.event_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(owed.event_id, now, owed.payload),
    }
    timeout = sender.policy.timeout_seconds
    try:
        with eventlet.Timeout(timeout * 2):  # requests' timeout is per read: bound the whole
            answer = requests.post(
                owed.url,
                data=owed.payload.encode(),
                headers=headers,
                timeout=timeout,
                allow_redirects=False,
            )
    except (requests.RequestException, eventlet.Timeout) as failed:
        return f"{type(failed).__name__}: no answer within {timeout:g} s or no connection"
    if 200 <= answer.status_code < 300:
        return None
    return f"HTTP {answer.status_code}"


def _log(owed: Owed, outcome: str, error: str | None) -> None:
    """One line per try with its event's correlation id: no URL, no secret, no payload."""
    log.info(
        "webhook_tried",
        correlation_id=json.loads(owed.payload).get("correlationid"),
        webhook_id=owed.webhook_id,
        webhook_delivery_id=owed.id,
        outcome=outcome,
        error=error,
    )
