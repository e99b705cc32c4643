"""How long notify tries one channel before the chain moves on: the `retry:` part of the
district's `notify:` section.

    retry: {attempts: 4, base_seconds: 30, max_age_minutes: 120, timeout_seconds: 10}
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
