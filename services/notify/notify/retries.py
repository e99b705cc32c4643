"""How long notify tries: one channel of a message before the chain moves on (the `retry:` part
of the district's `notify:` section), and one event at a webhook subscription (`webhooks:`).
Kept apart from the modules that send, so that loading the config loads no HTTP machinery.

    retry: {attempts: 4, base_seconds: 30, max_age_minutes: 120, timeout_seconds: 10}
    webhooks: {base_seconds: 30, max_backoff_minutes: 120, max_age_hours: 24, ...}
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import marshmallow as ma


@dataclass(frozen=True)
class Retry:
    """How long one channel is tried before the chain moves on: `attempts` tries, backoff
    doubling from `base_seconds`, and never past `max_age_minutes` from the message's start."""

    attempts: int = 4
    base_seconds: float = 30.0
    max_age_minutes: float = 120.0
    timeout_seconds: float = 10.0  # one send

    def backoff(self, attempts: int) -> timedelta:
        seconds = self.base_seconds * 2 ** (attempts - 1)
        return timedelta(seconds=seconds * random.uniform(0.5, 1.5))


class RetrySchema(ma.Schema):
    attempts = ma.fields.Integer(load_default=4, validate=ma.validate.Range(min=1, max=20))
    base_seconds = ma.fields.Float(load_default=30.0, validate=ma.validate.Range(min=0.01))
    max_age_minutes = ma.fields.Float(load_default=120.0, validate=ma.validate.Range(min=0))
    timeout_seconds = ma.fields.Float(load_default=10.0, validate=ma.validate.Range(min=0.1))

    @ma.post_load
    def _retry(self, fields: dict[str, Any], **_: Any) -> Retry:
        return Retry(**fields)


@dataclass(frozen=True)
class WebhookPolicy:
    """How long an event is tried at a subscription before it is `failed` (backoff doubling
    from `base_seconds` up to `max_backoff_minutes`, for `max_age_hours`), how long one send may
    take, and after how many consecutive failures the subscription is disabled."""

    base_seconds: float = 30.0
    max_backoff_minutes: float = 120.0
    max_age_hours: float = 24.0
    timeout_seconds: float = 10.0
    disable_after: int = 20

    def backoff(self, attempts: int) -> timedelta:
        seconds = min(self.base_seconds * 2 ** (attempts - 1), self.max_backoff_minutes * 60)
        return timedelta(seconds=seconds * random.uniform(0.75, 1.25))


class WebhookPolicySchema(ma.Schema):
    base_seconds = ma.fields.Float(load_default=30.0, validate=ma.validate.Range(min=0.01))
    max_backoff_minutes = ma.fields.Float(load_default=120.0, validate=ma.validate.Range(min=0))
    max_age_hours = ma.fields.Float(load_default=24.0, validate=ma.validate.Range(min=0))
    timeout_seconds = ma.fields.Float(
        load_default=10.0, validate=ma.validate.Range(min=0.1, max=60)
    )
    disable_after = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1))

    @ma.post_load
    def _policy(self, fields: dict[str, Any], **_: Any) -> WebhookPolicy:
        return WebhookPolicy(**fields)
