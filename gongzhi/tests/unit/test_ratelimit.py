"""Per-key token buckets: a burst at once, then the refill rate, and when to come back."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongzhi import ratelimit
from gongzhi.ratelimit import RateLimiter
from gongzhi.testing.units import FakeClock

BOUNDED = settings(max_examples=200, deadline=None)


def limiter(clock: FakeClock, *, rate_per_minute: int = 60, burst: int = 3) -> RateLimiter:
    return RateLimiter(rate_per_minute=rate_per_minute, burst=burst, clock=clock)


class TestRateLimits:
    def test_a_burst_is_allowed_then_refused_with_a_retry_after(self):
        limits = limiter(FakeClock(), rate_per_minute=60, burst=3)

        assert [limits.allow("k1") for _ in range(3)] == [(True, 0.0)] * 3
        allowed, retry_after = limits.allow("k1")

        assert not allowed
        assert retry_after == pytest.approx(1.0)

    def test_retry_after_shrinks_as_time_passes(self):
        clock = FakeClock()
        limits = limiter(clock, rate_per_minute=6, burst=1)
        limits.allow("k1")

        clock.advance(4)

        assert limits.allow("k1") == (False, pytest.approx(6.0))

    def test_tokens_refill_with_time(self):
        clock = FakeClock()
        limits = limiter(clock, rate_per_minute=60, burst=3)
        for _ in range(3):
            limits.allow("k1")

        clock.advance(2)

        assert [limits.allow("k1")[0] for _ in range(3)] == [True, True, False]

    def test_a_long_wait_refills_no_more_than_the_burst(self):
        clock = FakeClock()
        limits = limiter(clock, rate_per_minute=60, burst=3)
        limits.allow("k1")

        clock.advance(3600)

        assert [limits.allow("k1")[0] for _ in range(4)] == [True, True, True, False]

    def test_keys_are_limited_independently(self):
        limits = limiter(FakeClock(), burst=1)
        limits.allow("k1")

        assert not limits.allow("k1")[0]
        assert limits.allow("k2") == (True, 0.0)

    def test_a_clock_stepped_back_takes_no_tokens_away(self):
        clock = FakeClock()
        limits = limiter(clock, rate_per_minute=60, burst=2)
        limits.allow("k1")

        clock.advance(-30)

        assert limits.allow("k1") == (True, 0.0)

    def test_idle_full_buckets_are_forgotten_once_there_are_too_many(self):
        clock = FakeClock()
        limits = limiter(clock, rate_per_minute=60, burst=3)
        for n in range(ratelimit.MAX_BUCKETS):
            limits.allow(f"k{n}")

        clock.advance(2)
        limits.allow("newcomer")

        assert len(limits) == 1

    def test_busy_buckets_are_kept(self):
        clock = FakeClock()
        limits = limiter(clock, rate_per_minute=60, burst=3)
        for n in range(ratelimit.MAX_BUCKETS):
            limits.allow(f"k{n}")
        clock.advance(2)
        for _ in range(3):
            limits.allow("k0")

        limits.allow("newcomer")

        assert not limits.allow("k0")[0]

    @pytest.mark.parametrize(("rate", "burst"), [(0, 5), (60, 0)])
    def test_a_limiter_that_could_never_allow_a_call_is_refused(self, rate, burst):
        with pytest.raises(ValueError, match="at least 1"):
            limiter(FakeClock(), rate_per_minute=rate, burst=burst)


RATES = st.integers(min_value=1, max_value=600)
BURSTS = st.integers(min_value=1, max_value=50)
# Seconds between calls: often none (a burst), sometimes long pauses.
GAPS = st.lists(
    st.one_of(st.just(0.0), st.floats(min_value=0.0, max_value=120.0)), min_size=1, max_size=200
)


@BOUNDED
@given(rate=RATES, burst=BURSTS, gaps=GAPS)
def test_no_window_lets_through_more_than_the_burst_and_the_refill(rate, burst, gaps):
    clock = FakeClock()
    limits = limiter(clock, rate_per_minute=rate, burst=burst)
    allowed_at = []
    for gap in gaps:
        clock.advance(gap)
        if limits.allow("k")[0]:
            allowed_at.append(clock.now().timestamp())

    for i, start in enumerate(allowed_at):
        for j in range(i, len(allowed_at)):
            window = allowed_at[j] - start
            assert j - i + 1 <= burst + window * rate / 60 + 1e-6


@BOUNDED
@given(rate=RATES, burst=BURSTS, gaps=GAPS)
def test_a_refused_call_is_allowed_once_its_retry_after_has_passed(rate, burst, gaps):
    clock = FakeClock()
    limits = limiter(clock, rate_per_minute=rate, burst=burst)
    for gap in gaps:
        clock.advance(gap)
        allowed, retry_after = limits.allow("k")
        if not allowed:
            assert 0 < retry_after <= 60 / rate + 1e-9
            clock.advance(retry_after + 1e-6)
            assert limits.allow("k") == (True, 0.0)


@BOUNDED
@given(rate=RATES, burst=BURSTS, calls=st.integers(min_value=0, max_value=100))
def test_calls_at_one_instant_get_exactly_the_burst(rate, burst, calls):
    limits = limiter(FakeClock(), rate_per_minute=rate, burst=burst)

    allowed = sum(limits.allow("k")[0] for _ in range(calls))

    assert allowed == min(calls, burst)
