import pytest

from gongzhi.testing.units import FakeClock
from intake import keys
from intake.keys import RateLimiter, hash_key, key_id, matches, new_key


def limiter(clock: FakeClock, *, rate_per_minute: int = 60, burst: int = 3) -> RateLimiter:
    return RateLimiter(rate_per_minute=rate_per_minute, burst=burst, clock=clock)


class TestKeys:
    def test_new_keys_are_recognisable_unique_and_long(self):
        issued = [new_key() for _ in range(100)]

        assert len(set(issued)) == 100
        assert all(key.startswith("gz_") for key in issued)
        assert all(len(key.removeprefix("gz_")) >= 32 for key in issued)

    def test_key_id_is_stable_and_short_and_does_not_reveal_the_key(self):
        key = new_key()

        assert key_id(key) == key_id(key)
        assert len(key_id(key)) == 8
        assert len(key.removeprefix("gz_")) - len(key_id(key)) >= 32  # 190+ secret bits remain

    def test_the_stored_hash_matches_only_its_own_key(self):
        key, other = new_key(), new_key()
        stored = hash_key(key)

        assert key not in stored
        assert matches(key, stored)
        assert not matches(other, stored)
        assert not matches(key[:-1], stored)

    def test_roles_include_integrators(self):
        assert "integrator" in keys.ROLES


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
        for n in range(keys.MAX_BUCKETS):
            limits.allow(f"k{n}")

        clock.advance(2)
        limits.allow("newcomer")

        assert len(limits) == 1

    def test_busy_buckets_are_kept(self):
        clock = FakeClock()
        limits = limiter(clock, rate_per_minute=60, burst=3)
        for n in range(keys.MAX_BUCKETS):
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
