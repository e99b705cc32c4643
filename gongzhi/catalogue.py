"""The event catalogue: every event type on the bus, who emits it and who consumes it.

Each service declares what it emits (with a marshmallow payload schema) and what it consumes in
its own `events.py`. `gongzhi contract` gathers them into `gongzhi/contracts/` (catalogue.json,
one JSON Schema per type, and the AsyncAPI document); at run time every service reads only those
generated files, so no service imports another.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import marshmallow as ma


@dataclass(frozen=True)
class EventType:
    """One versioned event type. `type` is both the CloudEvents type and the routing key."""

    name: str  # "<emitter>.<noun>.<verb>", e.g. "intake.report.submitted"
    version: int
    schema: type[ma.Schema]
    description: str
    inbound: bool = False  # published by systems outside Gongzhi onto the service's exchange

    @property
    def emitter(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def type(self) -> str:
        return f"{self.name}.v{self.version}"

    @property
    def dataschema(self) -> str:
        return f"urn:gongzhi:event:{self.type}"

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

    @property
    def emitters(self) -> tuple[str, ...]:
        return tuple(sorted({entry["emitter"] for entry in self.types.values()}))

    def consumers_of(self, event_type: str) -> tuple[str, ...]:
        return tuple(s.consumer for s in self.subscriptions if s.event_type == event_type)

    def subscriptions_of(self, consumer: str) -> tuple[Subscription, ...]:
        return tuple(s for s in self.subscriptions if s.consumer == consumer)

    def json_schema(self, event_type: str) -> dict[str, Any]:
        return _read_json(f"schemas/{event_type}.json")


@cache
def load() -> Catalogue:
    """The catalogue as generated into the package (`gongzhi contract` writes it)."""
    raw = _read_json("catalogue.json")
    subscriptions = tuple(Subscription(**entry) for entry in raw["subscriptions"])
    return Catalogue(types=raw["types"], subscriptions=subscriptions)


def _read_json(name: str) -> dict[str, Any]:
    text = resources.files("gongzhi.contracts").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)
