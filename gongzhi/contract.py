"""Generate the bus contract from the services' `events.py`: catalogue.json, one JSON Schema per
event type, and the AsyncAPI 3.0 document of the whole bus; and the OpenAPI documents of the
services' HTTP APIs. `gongzhi contract` writes them; tests fail when the committed copies are
stale."""

import json
from pathlib import Path
from typing import Any

from gongzhi import catalogue, envelope, plugins, topology
from gongzhi.catalogue import (
    OUTBOUND_EXCHANGE,
    RECIPIENT_HEADER,
    Catalogue,
    EventType,
    Subscription,
    outbound_queue,
    queue_for,
)

CONTRACTS = Path(__file__).parent / "contracts"
ROOT = Path(__file__).resolve().parents[1]  # the repository they are committed in


def gather() -> tuple[list[EventType], list[Subscription]]:
    emitted, subscriptions = catalogue.gather()
    catalogue.check({t.type: t.entry() for t in emitted}, subscriptions)
    return emitted, subscriptions


def catalogue_document(emitted: list[EventType], subs: list[Subscription]) -> dict[str, Any]:
    types = {t.type: t.entry() for t in sorted(emitted, key=lambda t: t.type)}
    subscriptions = [
        {"consumer": s.consumer, "event_type": s.event_type}
        for s in sorted(subs, key=lambda s: (s.event_type, s.consumer))
    ]
    return {"types": types, "subscriptions": subscriptions}


def asyncapi_document(emitted: list[EventType], subs: list[Subscription]) -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for t in sorted(emitted, key=lambda t: t.type):
        key = t.type.replace(".", "_")
        messages[key] = _message(t)
        channels[key] = _channel(t, key)
        sender = "external_systems" if t.inbound else t.emitter
        operations[f"{sender}_send_{key}"] = _operation("send", key, sender)
        if t.outbound:
            operations[f"external_systems_receive_{key}"] = _outbound_operation(key)
    for s in sorted(subs, key=lambda s: (s.event_type, s.consumer)):
        key = s.event_type.replace(".", "_")
        operations[f"{s.consumer}_receives_{key}"] = _operation("receive", key, s.consumer, s)
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Gongzhi event bus",
            "version": "1.0.0",
            "description": "Every event between Gongzhi's services: CloudEvents 1.0 in "
            "structured JSON mode on RabbitMQ topic exchanges, one per emitting service.",
        },
        "defaultContentType": envelope.CONTENT_TYPE,
        "servers": {
            "local": {"host": "localhost:5672", "protocol": "amqp", "protocolVersion": "0.9.1"}
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": {"CloudEvent": _cloudevent_schema()}},
    }


def _message(t: EventType) -> dict[str, Any]:
    envelope_ref = {"$ref": "#/components/schemas/CloudEvent"}
    data = {"type": "object", "properties": {"data": t.json_schema()}}
    return {
        "name": t.type,
        "title": t.type,
        "summary": t.description,
        "contentType": envelope.CONTENT_TYPE,
        "payload": {"allOf": [envelope_ref, data]},
    }


def _channel(t: EventType, key: str) -> dict[str, Any]:
    kind = "headers" if t.outbound else "topic"
    exchange = {"name": t.exchange, "type": kind, "durable": True, "vhost": "/"}
    where = f"Routing key {t.type} on exchange {exchange['name']}."
    if t.outbound:
        where += (
            f" Addressed to one outside system: the message's {RECIPIENT_HEADER} header and the"
            " CloudEvents extension attribute `recipient` name it."
        )
    return {
        "address": t.type,
        "description": where,
        "messages": {key: {"$ref": f"#/components/messages/{key}"}},
        "bindings": {"amqp": {"is": "routingKey", "exchange": exchange, "bindingVersion": "0.3.0"}},
    }


def _operation(action: str, key: str, service: str, sub: Subscription | None = None) -> dict:
    operation: dict[str, Any] = {
        "action": action,
        "channel": {"$ref": f"#/channels/{key}"},
        "summary": f"{service} {action}s {key}",
    }
    if sub is not None:
        queue = {"name": queue_for(sub.consumer, sub.event_type), "durable": True}
        operation["bindings"] = {"amqp": {"ack": True, "bindingVersion": "0.3.0"}}
        operation["description"] = f"Consumed from quorum queue {queue['name']}."
    return operation


def _outbound_operation(key: str) -> dict[str, Any]:
    return {
        "action": "receive",
        "channel": {"$ref": f"#/channels/{key}"},
        "summary": f"the outside system it is addressed to receives {key}",
        "description": (
            f"Each outside system the district config names reads its own quorum queue"
            f" {outbound_queue('<system>')}, bound to {OUTBOUND_EXCHANGE} with"
            f" {RECIPIENT_HEADER} = <system>; one it rejects goes to"
            f" {outbound_queue('<system>')}.dead."
        ),
        "bindings": {"amqp": {"ack": True, "bindingVersion": "0.3.0"}},
    }


def _cloudevent_schema() -> dict[str, Any]:
    required = ["specversion", "id", "source", "type", "time", "data", "district", "correlationid"]
    text = {"type": "string", "minLength": 1}
    properties = {name: dict(text) for name in required if name != "data"}
    properties.update(
        specversion={"const": "1.0"},
        time={"type": "string", "format": "date-time"},
        subject=dict(text),
        dataschema={"type": "string", "format": "uri"},
        datacontenttype={"const": "application/json"},
        causationid=dict(text),
        recipient=dict(text),
        data={"type": "object"},
    )
    return {"type": "object", "required": required, "properties": properties}


def files(definitions: Path, out: Path | None = None) -> dict[Path, str]:
    """Every generated file and its text; `definitions` is where RabbitMQ's definitions go.
    With `out`, each goes under that folder instead, at its path inside the repository."""
    emitted, subs = gather()
    document = catalogue_document(emitted, subs)
    plan = topology.plan(Catalogue(types=document["types"], subscriptions=tuple(subs)))
    files = {
        CONTRACTS / "catalogue.json": _dumps(document),
        definitions: topology.definitions_json(plan),
        CONTRACTS / "asyncapi.json": _dumps(asyncapi_document(emitted, subs)),
    }
    for t in emitted:
        files[CONTRACTS / "schemas" / f"{t.type}.json"] = _dumps(t.json_schema())
    files.update(api_documents())
    if out is None:
        return files
    return {out / _in_repository(path): text for path, text in files.items()}


def _in_repository(path: Path) -> Path:
    """`path` from the repository's root; a relative one (the definitions) already is."""
    return path.resolve().relative_to(ROOT) if path.is_absolute() else path


def api_documents() -> dict[Path, str]:
    """The services' own HTTP APIs as OpenAPI documents, committed beside each service."""
    return {
        plugin.openapi_file: _dumps(plugin.openapi())
        for plugin in plugins.installed().values()
        if plugin.openapi is not None and plugin.openapi_file is not None
    }


def _dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
