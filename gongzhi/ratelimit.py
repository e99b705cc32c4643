"""Per-key rate limits: a token bucket per API key, in one process. Plain code, no nameko."""

from dataclasses import dataclass
from typing import Any

MAX_BUCKETS = 10_000


@dataclass
class _Bucket:
    tokens: float
    at: float  # seconds, from the clock


class RateLimiter:
    """A token bucket per key id: `burst` calls at once, refilled at `rate_per_minute`."""

    def __init__(self, rate_per_minute: int, burst: int, clock: Any):
        if rate_per_minute < 1 or burst < 1:
            raise ValueError(f"rate {rate_per_minute}/min and burst {burst} must be at least 1")
        self._rate = rate_per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def allow(self, key_id: str) -> tuple[bool, float]:
        """Whether this call may go on; if not, the seconds until one may."""
        now = self._clock.now().timestamp()
        bucket = self._refilled(key_id, now)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return True, 0.0
        return False, (1 - bucket.tokens) / self._rate

    def __len__(self) -> int:
        """How many buckets are held: idle full ones go once there are MAX_BUCKETS."""
        return len(self._buckets)

    def _refilled(self, key_id: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key_id)
        if bucket is None:
            if len(self._buckets) >= MAX_BUCKETS:
                self._forget_full(now)
            bucket = self._buckets[key_id] = _Bucket(self._burst, now)
        # A wall clock stepped back (NTP) must not take tokens away.
        elapsed = max(0.0, now - bucket.at)
        bucket.tokens = min(self._burst, bucket.tokens + elapsed * self._rate)
        bucket.at = now
        return bucket

    def _forget_full(self, now: float) -> None:
        """A full bucket is the same as no bucket: drop those to bound the memory."""
        for key, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.at) * self._rate >= self._burst:
                del self._buckets[key]
