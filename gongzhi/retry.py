"""What happens to a message whose handler failed: retry after a delay, then dead-letter.

Delays come from `GONGZHI_RETRY_DELAYS` (seconds, comma-separated; default 1,10,60). After the
last delay the next failure dead-letters the message with its reason in headers.
"""

import os
from dataclasses import dataclass

from gongzhi.publisher import Outgoing
from gongzhi.topology import DEAD_EXCHANGE, DELAY_EXCHANGE, DELAY_HEADER, DELAY_LEVELS

ATTEMPT_HEADER = "x-gongzhi-attempt"
REASON_HEADER = "x-gongzhi-reason"
QUEUE_HEADER = "x-gongzhi-queue"
DEFAULT_DELAYS = (1.0, 10.0, 60.0)


def delays_from_env() -> tuple[float, ...]:
    text = os.environ.get("GONGZHI_RETRY_DELAYS", "")
    if not text:
        return DEFAULT_DELAYS
    return tuple(float(part) for part in text.split(","))


@dataclass(frozen=True)
class Failed:
    """A consumed message and why its handling failed."""

    queue: str
    message_id: str
    body: bytes
    content_type: str
    correlation_id: str
    headers: dict
    reason: str

    @property
    def attempt(self) -> int:
        return int(self.headers.get(ATTEMPT_HEADER, 0))


def next_move(failed: Failed, delays: tuple[float, ...]) -> Outgoing:
    """The retry of this message, or its dead letter once the delays are used up."""
    attempt = failed.attempt + 1
    headers = {
        **failed.headers,
        ATTEMPT_HEADER: attempt,
        REASON_HEADER: failed.reason[:1000],
        QUEUE_HEADER: failed.queue,
    }
    if attempt > len(delays):
        return _outgoing(failed, DEAD_EXCHANGE, headers, expiration=None)
    headers[DELAY_HEADER] = min(attempt, DELAY_LEVELS)
    expiration = str(int(delays[attempt - 1] * 1000))
    return _outgoing(failed, DELAY_EXCHANGE, headers, expiration=expiration)


def dead_letter(failed: Failed) -> Outgoing:
    """Straight to the dead-letter queue: the message can never succeed (it is malformed)."""
    headers = {**failed.headers, REASON_HEADER: failed.reason[:1000], QUEUE_HEADER: failed.queue}
    return _outgoing(failed, DEAD_EXCHANGE, headers, expiration=None)


def _outgoing(failed: Failed, exchange: str, headers: dict, expiration: str | None) -> Outgoing:
    return Outgoing(
        message_id=failed.message_id,
        exchange=exchange,
        routing_key=failed.queue,
        body=failed.body,
        correlation_id=failed.correlation_id,
        headers=headers,
        content_type=failed.content_type,
        expiration=expiration,
    )


class Rejected(Exception):
    """Raised by a handler for a message that can never succeed (it breaks a rule, not a
    server): it is dead-lettered at once with this reason, without retries."""
