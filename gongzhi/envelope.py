"""CloudEvents 1.0 in structured JSON mode: the one envelope on the bus.

`source` + `id` is the deduplication key. Extension attributes: `district`, `correlationid`,
`causationid`, and on an event for an outside system `recipient`, the system it is addressed to
(CloudEvents extension names are lowercase letters and digits only).
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma

CONTENT_TYPE = "application/cloudevents+json"
SPECVERSION = "1.0"


class EnvelopeError(ValueError):
    """The bytes are not a CloudEvent we can read; `messages` says why, field by field."""

    def __init__(self, messages: Any):
        self.messages = messages
        super().__init__(json.dumps(messages, ensure_ascii=False, default=str))


@dataclass(frozen=True)
class Event:
    type: str
    source: str
    data: dict[str, Any]
    district: str
    correlationid: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = None
    dataschema: str | None = None
    causationid: str | None = None
    recipient: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _ENVELOPE.dump(self)

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False).encode()


class _EnvelopeSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # other extension attributes are allowed and ignored

    specversion = ma.fields.Constant(SPECVERSION, required=True)
    id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    source = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=500))
    type = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    time = ma.fields.AwareDateTime(required=True, format="iso")
    subject = ma.fields.String(load_default=None)
    dataschema = ma.fields.String(load_default=None)
    datacontenttype = ma.fields.Constant("application/json")
    data = ma.fields.Dict(required=True)
    district = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    correlationid = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    causationid = ma.fields.String(load_default=None)
    recipient = ma.fields.String(load_default=None)

    @ma.validates("specversion")
    def _specversion(self, value: str, **_: Any) -> None:
        if value != SPECVERSION:
            raise ma.ValidationError(f"must be {SPECVERSION!r}")

    @ma.post_dump
    def _omit_absent(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {key: value for key, value in data.items() if value is not None}

    @ma.post_load
    def _event(self, fields: dict[str, Any], **_: Any) -> Event:
        fields.pop("specversion", None)
        fields.pop("datacontenttype", None)
        return Event(**fields)


_ENVELOPE = _EnvelopeSchema()  # marshmallow schemas are stateless once built: build one


def parse(body: bytes | str) -> Event:
    """Read one structured-mode CloudEvent; raise EnvelopeError with every problem found."""
    try:
        raw = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EnvelopeError(f"not JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise EnvelopeError("a CloudEvent must be a JSON object")
    if raw.get("specversion") != SPECVERSION:
        raise EnvelopeError({"specversion": [f"must be {SPECVERSION!r}"]})
    try:
        return _ENVELOPE.load(raw)
    except ma.ValidationError as exc:
        raise EnvelopeError(exc.messages) from exc


def recipient_of(body: bytes | str) -> str:
    """The outside system an event on the outbox is addressed to (the relay routes it by this)."""
    recipient: str = json.loads(body)["recipient"]
    return recipient


def caused_by(cause: Event | None, correlationid: str | None = None) -> dict[str, str | None]:
    """The correlation and causation ids an event inherits from what caused it."""
    if cause is not None:
        return {"correlationid": cause.correlationid, "causationid": cause.id}
    return {"correlationid": correlationid or str(uuid.uuid4()), "causationid": None}
