"""A failed message is retried after each delay in turn, then dead-lettered with its reason."""

import pytest

from gongzhi import retry
from gongzhi.topology import DEAD_EXCHANGE, DELAY_EXCHANGE, DELAY_HEADER, DELAY_LEVELS

DELAYS = (1.0, 10.0, 60.0)
QUEUE = "routing.intake.report.submitted.v1"


def a_failure(attempt: int | None = None, reason: str = "database is locked") -> retry.Failed:
    headers = {} if attempt is None else {retry.ATTEMPT_HEADER: attempt}
    return retry.Failed(
        queue=QUEUE,
        message_id="e1",
        body=b'{"id": "e1"}',
        content_type="application/cloudevents+json",
        correlation_id="c1",
        headers=headers,
        reason=reason,
    )


def test_a_first_failure_waits_the_first_delay_at_level_one():
    move = retry.next_move(a_failure(), DELAYS)
    assert (move.exchange, move.routing_key, move.expiration) == (DELAY_EXCHANGE, QUEUE, "1000")
    assert move.headers[DELAY_HEADER] == 1
    assert move.headers[retry.ATTEMPT_HEADER] == 1


def test_each_later_failure_waits_its_own_delay_at_its_own_level():
    moves = [retry.next_move(a_failure(attempt), DELAYS) for attempt in (1, 2)]
    assert [(m.headers[DELAY_HEADER], m.expiration) for m in moves] == [(2, "10000"), (3, "60000")]
    assert [m.headers[retry.ATTEMPT_HEADER] for m in moves] == [2, 3]


def test_a_retry_carries_the_reason_and_the_queue_it_came_from():
    move = retry.next_move(a_failure(reason="database is locked"), DELAYS)
    assert move.headers[retry.REASON_HEADER] == "database is locked"
    assert move.headers[retry.QUEUE_HEADER] == QUEUE
    assert (move.message_id, move.body, move.correlation_id) == ("e1", b'{"id": "e1"}', "c1")


def test_a_failure_after_the_last_delay_goes_to_the_dead_letters():
    move = retry.next_move(a_failure(attempt=3), DELAYS)
    assert (move.exchange, move.routing_key, move.expiration) == (DEAD_EXCHANGE, QUEUE, None)
    assert move.headers[retry.ATTEMPT_HEADER] == 4
    assert move.headers[retry.REASON_HEADER] == "database is locked"
    assert DELAY_HEADER not in move.headers


def test_a_very_long_reason_is_cut_short():
    move = retry.next_move(a_failure(reason="x" * 5000), DELAYS)
    assert len(move.headers[retry.REASON_HEADER]) == 1000


def test_a_malformed_message_goes_straight_to_the_dead_letters_with_its_reason():
    move = retry.dead_letter(a_failure(reason="not JSON"))
    assert (move.exchange, move.routing_key, move.expiration) == (DEAD_EXCHANGE, QUEUE, None)
    assert move.headers[retry.REASON_HEADER] == "not JSON"
    assert move.headers[retry.QUEUE_HEADER] == QUEUE


def test_the_default_schedule_outlasts_a_ten_minute_outage_before_the_dead_letter():
    # The last retry comes this long after the first failure; the outage began no later.
    assert sum(retry.DEFAULT_DELAYS) > 10 * 60 * 1.5
    assert len(retry.DEFAULT_DELAYS) <= DELAY_LEVELS


def test_each_default_delay_waits_in_a_delay_queue_of_its_own():
    moves = [retry.next_move(a_failure(n), retry.DEFAULT_DELAYS) for n in range(6)]
    assert [m.headers[DELAY_HEADER] for m in moves] == [1, 2, 3, 4, 5, 6]
    assert [m.expiration for m in moves][-1] == "600000"
    last = retry.next_move(a_failure(6), retry.DEFAULT_DELAYS)
    assert last.exchange == DEAD_EXCHANGE


def test_delays_may_be_written_with_spaces():
    assert retry.parse_delays("1, 5 ,30") == (1.0, 5.0, 30.0)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("1,5,ten", "expected seconds separated by commas"),
        ("1,,5", "expected seconds separated by commas"),
        ("1;5", "expected seconds separated by commas"),
        ("1,0,5", "each delay is 0.001 to 86400 seconds"),
        ("1,-5", "each delay is 0.001 to 86400 seconds"),
        ("1,nan", "each delay is 0.001 to 86400 seconds"),
        ("inf", "each delay is 0.001 to 86400 seconds"),
        ("1,2,3,4,5,6,7,8,9", "9 delays, but there are 8 delay queues"),
    ],
)
def test_a_malformed_schedule_is_refused_saying_what_is_wrong(text, complaint):
    with pytest.raises(ValueError, match=complaint) as refused:
        retry.parse_delays(text)
    assert str(refused.value).startswith(f"{text!r}: ")
