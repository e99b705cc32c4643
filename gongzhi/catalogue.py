"""The event catalogue: every event type on the bus, who emits it and who consumes it.

Each service declares what it emits (with a marshmallow payload schema) and what it consumes in
its own `events.py`. `gongzhi contract` gathers them into `gongzhi/contracts/` (catalogue.json,
one JSON Schema per type, and the AsyncAPI document). At run time a service reads those generated
files, so it needs no other service installed; a service installed beside them that they do not
hold yet (a district's own) joins with what its `events.py` declares.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import marshmallow as ma
from apispec.ext.marshmallow.openapi import OpenAPIConverter

from gongzhi import plugins

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Events for systems outside Gongzhi (a 12345 platform hearing back about its work order) go to
# one headers exchange; each such system reads its own queue, bound by the recipient header.
OUTBOUND_EXCHANGE = "gongzhi.outbound"
RECIPIENT_HEADER = "gongzhi-recipient"


@dataclass(frozen=True)
class EventType:
    """One versioned event type. `type` is both the CloudEvents type and the routing key."""

    name: str  # "<emitter>.<noun>.<verb>", e.g. "intake.report.submitted"
    version: int
    schema: type[ma.Schema]
    description: str
    inbound: bool = False  # published by systems outside Gongzhi onto the service's exchange
    outbound: bool = False  # addressed to one system outside Gongzhi: see OUTBOUND_EXCHANGE

    @property
    def emitter(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def exchange(self) -> str:
        return OUTBOUND_EXCHANGE if self.outbound else exchange_for(self.emitter)

    @property
    def type(self) -> str:
        return f"{self.name}.v{self.version}"

    @property
    def dataschema(self) -> str:
        return f"urn:gongzhi:event:{self.type}"

    def entry(self) -> dict[str, Any]:
        """What catalogue.json says of it."""
        return {
            "name": self.name,
            "version": self.version,
            "emitter": self.emitter,
            "exchange": self.exchange,
            "dataschema": self.dataschema,
            "description": self.description,
            "inbound": self.inbound,
            "outbound": self.outbound,
        }

    def json_schema(self) -> dict[str, Any]:
        """Its payload as a standalone JSON Schema (nested schemas inlined: no APISpec)."""
        converter = OpenAPIConverter("3.1.0", lambda schema: None, None)  # type: ignore[arg-type]
        return {
            "$schema": JSON_SCHEMA_DIALECT,
            "$id": self.dataschema,
            "title": self.type,
            "description": self.description,
            **converter.schema2jsonschema(self.schema),
        }

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        """The payload as it goes on the wire; raises ValidationError if it breaks the schema."""
        schema = _instance(self.schema)
        return schema.dump(schema.load(data))


@cache
def _instance(schema: type[ma.Schema]) -> ma.Schema:
    return schema()


def exchange_for(emitter: str) -> str:
    return f"gongzhi.{emitter}"


def queue_for(consumer: str, event_type: str) -> str:
    return f"{consumer}.{event_type}"


def outbound_queue(recipient: str) -> str:
    """The queue an outside system reads the events addressed to it from."""
    return f"outbound.{recipient}"


@dataclass(frozen=True)
class Subscription:
    consumer: str
    event_type: str

    @property
    def emitter(self) -> str:
        return self.event_type.split(".", 1)[0]

    @property
    def queue(self) -> str:
        return queue_for(self.consumer, self.event_type)

    @property
    def exchange(self) -> str:
        return exchange_for(self.emitter)


@dataclass(frozen=True)
class Catalogue:
    types: dict[str, dict[str, Any]]  # type -> {"name", "version", "emitter", "description", ...}
    subscriptions: tuple[Subscription, ...]
    schemas: Mapping[str, dict[str, Any]] = field(default_factory=dict)  # beyond the files

    @property
    def emitters(self) -> tuple[str, ...]:
        return tuple(sorted({entry["emitter"] for entry in self.types.values()}))

    def consumers_of(self, event_type: str) -> tuple[str, ...]:
        return tuple(s.consumer for s in self.subscriptions if s.event_type == event_type)

    def subscriptions_of(self, consumer: str) -> tuple[Subscription, ...]:
        return tuple(s for s in self.subscriptions if s.consumer == consumer)

    def json_schema(self, event_type: str) -> dict[str, Any]:
        if event_type in self.schemas:
            return self.schemas[event_type]
        return _read_json(f"schemas/{event_type}.json")


def gather() -> tuple[list[EventType], list[Subscription]]:
    """What the installed services emit (with the other systems' events they take in) and
    consume, as their `events.py` declare it."""
    emitted: list[EventType] = []
    subscriptions: list[Subscription] = []
    for service, plugin in plugins.installed().items():
        emitted.extend(plugin.events.EMITS)
        emitted.extend(getattr(plugin.events, "INBOUND", ()))  # published by other systems
        subscriptions.extend(Subscription(service, t) for t in plugin.events.CONSUMES)
    return emitted, subscriptions


def check(types: Mapping[str, Mapping[str, Any]], subscriptions: Iterable[Subscription]) -> None:
    """Every consumed type has an emitter, and every emitted type a consumer: a service, or for
    an outbound type the outside system it is addressed to."""
    known = set(types)
    consumed = {s.event_type for s in subscriptions}
    if unknown := sorted(consumed - known):
        raise ValueError(f"consumed but emitted by nobody: {', '.join(unknown)}")
    # Relays publish with mandatory=True: an event nobody consumes would come back unroutable.
    outbound = {name for name, entry in types.items() if entry.get("outbound")}
    if orphans := sorted(known - consumed - outbound):
        raise ValueError(f"emitted but consumed by nobody: {', '.join(orphans)}")


@cache
def load() -> Catalogue:
    """The catalogue the bus runs on: the one generated into the package (`gongzhi contract`
    writes it), joined by what installed services declare that it does not hold yet."""
    raw = _read_json("catalogue.json")
    subscriptions = tuple(Subscription(**entry) for entry in raw["subscriptions"])
    return joined(Catalogue(types=raw["types"], subscriptions=subscriptions), *gather())


def joined(
    committed: Catalogue, emitted: list[EventType], subscriptions: list[Subscription]
) -> Catalogue:
    new = [t for t in emitted if t.type not in committed.types]
    added = tuple(s for s in subscriptions if s not in committed.subscriptions)
    if not new and not added:
        return committed
    types = {**committed.types, **{t.type: t.entry() for t in new}}
    check(types, committed.subscriptions + added)
    schemas = {t.type: t.json_schema() for t in new}
    return Catalogue(types, committed.subscriptions + added, schemas)


def _read_json(name: str) -> dict[str, Any]:
    text = resources.files("gongzhi.contracts").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)
