"""The committed contract (catalogue, JSON Schemas, AsyncAPI, RabbitMQ definitions) matches the
services' events.py, and the AsyncAPI document is a well-formed 3.0 document."""

import json
from pathlib import Path

import jsonschema

from gongzhi import catalogue, contract, topology

ROOT = Path(__file__).resolve().parents[2]


def test_committed_contract_files_are_up_to_date():
    stale = [
        str(path)
        for path, text in contract.files(ROOT / "deploy/rabbitmq/definitions.json").items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run `gongzhi contract` (or `make contract`) and commit the result"


def test_every_event_type_has_a_json_schema_that_is_itself_valid():
    loaded = catalogue.load()
    for event_type in loaded.types:
        schema = loaded.json_schema(event_type)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == loaded.types[event_type]["dataschema"]


def test_asyncapi_document_names_every_channel_operation_and_queue():
    document = json.loads((ROOT / "gongzhi/contracts/asyncapi.json").read_text())
    loaded = catalogue.load()
    assert document["asyncapi"] == "3.0.0"
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert addresses == set(loaded.types)
    receivers = {
        op["summary"] for op in document["operations"].values() if op["action"] == "receive"
    }
    outbound = [t for t, entry in loaded.types.items() if entry["outbound"]]
    assert len(receivers) == len(loaded.subscriptions) + len(outbound)
    for operation in document["operations"].values():
        ref = operation["channel"]["$ref"].removeprefix("#/channels/")
        assert ref in document["channels"]


def test_an_outbound_type_is_documented_for_the_outside_system_that_reads_its_own_queue():
    document = json.loads((ROOT / "gongzhi/contracts/asyncapi.json").read_text())
    key = "intake_work_order_resolved_v1"
    exchange = document["channels"][key]["bindings"]["amqp"]["exchange"]
    assert (exchange["name"], exchange["type"]) == ("gongzhi.outbound", "headers")
    received = document["operations"][f"external_systems_receive_{key}"]
    assert "outbound.<system>" in received["description"]
    assert "gongzhi-recipient = <system>" in received["description"]
    assert f"intake_send_{key}" in document["operations"]


def test_every_subscription_gets_a_quorum_queue_with_a_delivery_limit_and_dead_letters():
    plan = topology.plan(catalogue.load())
    queues = dict(plan.queues)
    for sub in catalogue.load().subscriptions:
        arguments = queues[sub.queue]
        assert arguments["x-queue-type"] == "quorum"
        assert arguments["x-delivery-limit"] > 0
        assert arguments["x-dead-letter-exchange"] == topology.DEAD_EXCHANGE
        assert topology.dead_queue(sub.queue) in queues
    assert topology.DELAY_LEVELS >= 3
