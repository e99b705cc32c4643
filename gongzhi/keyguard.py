"""The API-key guard in front of a service's keyed HTTP endpoints."""

import math
from collections.abc import Callable
from typing import Any

from nameko.extensions import DependencyProvider
from sqlalchemy import Table
from sqlalchemy.orm import Session
from werkzeug.wrappers import Request

from gongzhi import apikeys
from gongzhi.clock import SystemClock
from gongzhi.ratelimit import RateLimiter
from gongzhi.web import HttpError

HEADER = "X-Api-Key"


class KeyGuard(DependencyProvider):
    """`keys = KeyGuard(model.api_keys)`; then, in a unit of work, `self.keys(session, key)` is
    the key's `apikeys.Holder`, or HttpError 403 for a missing, unknown or revoked key and 429
    with Retry-After past its rate. The rate is a token bucket per key in this process
    (`GONGZHI_RATE_PER_MINUTE`, default 120; `GONGZHI_RATE_BURST`, default 30, read from the
    container's SETTINGS): with several instances each holds its own share."""

    def __init__(self, table: Table, **kwargs: Any):
        self.table = table
        super().__init__(**kwargs)

    def setup(self) -> None:
        settings = self.container.config["SETTINGS"]
        self.limiter = RateLimiter(
            rate_per_minute=settings.rate_per_minute, burst=settings.rate_burst, clock=SystemClock()
        )

    def get_dependency(self, worker_ctx) -> Callable[[Session, str], apikeys.Holder]:
        return self.admit

    def admit(self, session: Session, key: str) -> apikeys.Holder:
        holder = apikeys.holder_of(session, self.table, key)
        if holder is None:
            raise HttpError(403, "forbidden", "a valid API key is required")
        allowed, retry_after = self.limiter.allow(holder.key_id)
        if not allowed:
            raise too_many(retry_after)
        return holder


def too_many(retry_after: float) -> HttpError:
    """The 429 for a caller past its rate, with Retry-After in whole seconds."""
    wait = str(math.ceil(retry_after))
    message = f"too many requests: retry in {wait} s"
    return HttpError(429, "too_many_requests", message, headers={"Retry-After": wait})


def presented_key(request: Request) -> str:
    """The key a request carries: the X-Api-Key header or, on a GET (as in Open311), ?api_key=."""
    key = request.headers.get(HEADER, "")
    if not key and request.method in ("GET", "HEAD"):
        key = request.args.get("api_key", "")
    return key


def role_guard(*roles: str, why: str) -> Callable[[apikeys.Holder], apikeys.Holder]:
    """A guard for a service's access table: the holder, if its key has one of `roles`; else
    a 403 saying `why`."""

    def guard(holder: apikeys.Holder) -> apikeys.Holder:
        if holder.role not in roles:
            raise HttpError(403, "forbidden", why)
        return holder

    return guard
