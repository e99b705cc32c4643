"""The bus topology a catalogue implies: queues, their dead letters, and the retry path."""

from gongzhi import topology
from gongzhi.catalogue import Catalogue, Subscription

SUBMITTED = "intake.report.submitted.v1"
QUEUE = f"routing.{SUBMITTED}"
DEAD = f"{QUEUE}.dead"


def a_plan(recipients: tuple[str, ...] = ()) -> topology.Declaration:
    catalogue = Catalogue(
        types={SUBMITTED: {"name": "intake.report.submitted", "version": 1, "emitter": "intake"}},
        subscriptions=(Subscription("routing", SUBMITTED),),
    )
    return topology.plan(catalogue, recipients)


def test_each_emitter_has_a_topic_exchange_beside_the_retry_dead_letter_and_outbound_ones():
    assert set(a_plan().exchanges) == {
        ("gongzhi.intake", "topic"),
        ("gongzhi.requeue", "direct"),
        ("gongzhi.delay", "headers"),
        ("gongzhi.dead", "direct"),
        ("gongzhi.outbound", "headers"),
    }


def test_each_outside_system_gets_a_queue_bound_by_its_recipient_header():
    plan = a_plan(("hotline12345", "police110"))
    queues = dict(plan.queues)
    for system in ("hotline12345", "police110"):
        queue = f"outbound.{system}"
        assert queues[queue]["x-dead-letter-routing-key"] == queue
        assert queues[f"{queue}.dead"] == {"x-queue-type": "quorum"}
        header = {"x-match": "all", "gongzhi-recipient": system}
        assert ("gongzhi.outbound", queue, "", header) in plan.bindings
        assert ("gongzhi.requeue", queue, queue, {}) in plan.bindings
    assert topology.work_queues(plan) == [QUEUE, "outbound.hotline12345", "outbound.police110"]
    assert "outbound.hotline12345" not in dict(a_plan().queues)


def test_a_subscription_gets_a_quorum_queue_that_dead_letters_after_the_delivery_limit():
    queues = dict(a_plan().queues)
    assert queues[QUEUE] == {
        "x-queue-type": "quorum",
        "x-delivery-limit": topology.DELIVERY_LIMIT,
        "x-dead-letter-exchange": "gongzhi.dead",
        "x-dead-letter-routing-key": QUEUE,
    }
    assert queues[DEAD] == {"x-queue-type": "quorum"}


def test_a_subscription_queue_hears_its_event_its_requeues_and_its_dead_letters():
    bindings = {(exchange, queue, key) for exchange, queue, key, _ in a_plan().bindings}
    assert ("gongzhi.intake", QUEUE, SUBMITTED) in bindings
    assert ("gongzhi.requeue", QUEUE, QUEUE) in bindings
    assert ("gongzhi.dead", DEAD, QUEUE) in bindings


def test_each_delay_level_has_a_queue_bound_by_header_that_expires_back_to_requeue():
    plan = a_plan()
    queues = dict(plan.queues)
    for level in (1, 2, 3):
        name = f"gongzhi.delay.{level}"
        assert queues[name]["x-dead-letter-exchange"] == "gongzhi.requeue"
        assert "x-dead-letter-routing-key" not in queues[name]  # keeps the work queue's name
        binding = ("gongzhi.delay", name, "", {"x-match": "all", "gongzhi-delay": level})
        assert binding in plan.bindings


def test_the_delay_header_is_one_a_headers_exchange_matches_on():
    # Headers exchanges ignore "x-" headers when matching.
    assert not topology.DELAY_HEADER.startswith("x-")
