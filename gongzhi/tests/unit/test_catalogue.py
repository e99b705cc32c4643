"""The generated catalogue holds together: every subscription names a type it describes."""

import marshmallow as ma
import pytest

from gongzhi import catalogue


def test_every_subscription_is_to_a_type_in_the_catalogue():
    loaded = catalogue.load()
    assert loaded.subscriptions
    assert {s.event_type for s in loaded.subscriptions} <= set(loaded.types)


def test_every_type_is_emitted_to_its_emitters_exchange_or_to_the_outbound_one():
    for event_type, entry in catalogue.load().types.items():
        assert event_type.startswith(f"{entry['emitter']}.")
        expected = catalogue.exchange_for(entry["emitter"])
        if entry["outbound"]:
            expected = catalogue.OUTBOUND_EXCHANGE
        assert entry["exchange"] == expected


def test_the_steps_of_a_platforms_work_order_are_outbound_and_consumed_outside():
    loaded = catalogue.load()
    outbound = sorted(t for t, entry in loaded.types.items() if entry["outbound"])
    assert outbound == [
        f"intake.work_order.{step}.v1" for step in ("accepted", "answered", "reopened", "resolved")
    ]
    assert all(not loaded.consumers_of(t) for t in outbound)


def test_a_report_submitted_is_heard_by_routing_scoring_notify_and_deliberation():
    consumers = catalogue.load().consumers_of("intake.report.submitted.v1")
    assert sorted(consumers) == ["deliberation", "notify", "routing", "scoring"]


def test_a_subscription_queue_is_named_by_consumer_and_type():
    subscriptions = catalogue.load().subscriptions_of("routing")
    [routing] = [s for s in subscriptions if s.event_type == "intake.report.submitted.v1"]
    assert routing.queue == "routing.intake.report.submitted.v1"
    assert routing.exchange == "gongzhi.intake"


class Counted(ma.Schema):
    category = ma.fields.String(required=True)


COUNTED = catalogue.EventType("tally.count.changed", 1, Counted, "A category's count changed.")


def test_a_service_the_committed_contract_lacks_joins_the_running_catalogue():
    committed = catalogue.load()
    counted = catalogue.Subscription("tally", COUNTED.type)
    taken = catalogue.Subscription("tally", "intake.report.submitted.v1")
    running = catalogue.joined(committed, [COUNTED], [counted, taken])
    assert running.types[COUNTED.type]["exchange"] == "gongzhi.tally"
    assert running.subscriptions_of("tally") == (counted, taken)
    assert running.json_schema(COUNTED.type)["required"] == ["category"]
    assert running.types.items() >= committed.types.items()


def test_the_committed_contract_is_kept_as_it_is_when_nothing_is_new():
    committed = catalogue.load()
    assert catalogue.joined(committed, [], list(committed.subscriptions)) is committed


def test_a_joining_service_that_emits_what_nobody_consumes_is_refused_unless_outbound():
    orphan = catalogue.EventType("tally.count.lost", 1, Counted, "Nobody hears it.")
    with pytest.raises(ValueError, match=r"consumed by nobody: tally\.count\.lost\.v1"):
        catalogue.joined(catalogue.load(), [orphan], [])
    told = catalogue.EventType("tally.count.told", 1, Counted, "For a system.", outbound=True)
    running = catalogue.joined(catalogue.load(), [told], [])
    assert running.types[told.type]["exchange"] == catalogue.OUTBOUND_EXCHANGE


def test_a_joining_service_that_consumes_what_nobody_emits_is_refused():
    stray = catalogue.Subscription("tally", "nobody.thing.happened.v1")
    with pytest.raises(ValueError, match=r"emitted by nobody: nobody\.thing\.happened\.v1"):
        catalogue.joined(catalogue.load(), [], [stray])
