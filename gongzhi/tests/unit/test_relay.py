"""The relay waits longer after each failure to publish, up to a ceiling."""

from gongzhi import relay


def test_the_wait_doubles_with_each_failed_attempt():
    assert [relay.backoff(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]


def test_the_wait_scales_with_its_base():
    assert relay.backoff(3, base=0.5) == 2.0


def test_the_wait_never_exceeds_the_ceiling():
    assert relay.backoff(30) == relay.MAX_BACKOFF


def test_the_wait_stays_at_the_ceiling_for_an_event_unroutable_for_days():
    assert relay.backoff(2000) == relay.MAX_BACKOFF
