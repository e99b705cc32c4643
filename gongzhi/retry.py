"""What happens to a message whose handler failed: retry after a delay, then dead-letter.

Delays come from `GONGZHI_RETRY_DELAYS` (seconds, comma-separated; default 1,5,30,120,300,600,
17.6 minutes in all), so a message outlasts a 10-minute outage of the database or the broker
before it is dead-lettered. After the last delay the next failure dead-letters the message with
its reason in headers. Each delay waits in a delay queue of its own (a queue's messages expire
in order, so a long TTL ahead would hold a short one back): at most DELAY_LEVELS delays.
"""

import math
from dataclasses import dataclass

from gongzhi.publisher import Outgoing
from gongzhi.topology import DEAD_EXCHANGE, DELAY_EXCHANGE, DELAY_HEADER, DELAY_LEVELS

ATTEMPT_HEADER = "x-gongzhi-attempt"
REASON_HEADER = "x-gongzhi-reason"
QUEUE_HEADER = "x-gongzhi-queue"
DEFAULT_DELAYS = (1.0, 5.0, 30.0, 120.0, 300.0, 600.0)
LONGEST_DELAY = 86400.0  # a day: anything longer is a typo, and a TTL the broker may refuse


def parse_delays(text: str) -> tuple[float, ...]:
    """The delays `GONGZHI_RETRY_DELAYS` gives; ValueError saying what is wrong with them."""
    try:
        delays = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise ValueError(
            f"{text!r}: expected seconds separated by commas, e.g. 1,5,30,120,300,600"
        ) from None
    if not all(math.isfinite(d) and 0.001 <= d <= LONGEST_DELAY for d in delays):
        raise ValueError(f"{text!r}: each delay is 0.001 to {LONGEST_DELAY:g} seconds")
    if len(delays) > DELAY_LEVELS:
        raise ValueError(
            f"{text!r}: {len(delays)} delays, but there are {DELAY_LEVELS} delay "
            f"queues (gongzhi.delay.1 to {DELAY_LEVELS}), one per delay"
        )
    return delays


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
    headers[DELAY_HEADER] = attempt  # its own level: delays are at most DELAY_LEVELS
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
