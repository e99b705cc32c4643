"""The generated catalogue holds together: every subscription names a type it describes."""

from gongzhi import catalogue


def test_every_subscription_is_to_a_type_in_the_catalogue():
    loaded = catalogue.load()
    assert loaded.subscriptions
    assert {s.event_type for s in loaded.subscriptions} <= set(loaded.types)


def test_every_type_is_emitted_to_its_emitters_exchange():
    for event_type, entry in catalogue.load().types.items():
        assert event_type.startswith(f"{entry['emitter']}.")
        assert entry["exchange"] == catalogue.exchange_for(entry["emitter"])


def test_a_report_submitted_is_heard_by_routing_and_scoring():
    consumers = catalogue.load().consumers_of("intake.report.submitted.v1")
    assert sorted(consumers) == ["routing", "scoring"]


def test_a_subscription_queue_is_named_by_consumer_and_type():
    [routing] = catalogue.load().subscriptions_of("routing")
    assert routing.queue == "routing.intake.report.submitted.v1"
    assert routing.exchange == "gongzhi.intake"
