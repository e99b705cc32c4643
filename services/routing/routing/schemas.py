"""Routing's HTTP wire schemas."""

from typing import Any

import marshmallow as ma

from gongzhi.district.model import CLASSES
from gongzhi.district.policy import CLOCKS, Duration
from routing.lifecycle import ACTORS, RULES
from routing.views import Queue

_TEXT = ma.validate.Length(min=1, max=100)


def _duration(value: str) -> None:
    try:
        Duration.parse(value)
    except ValueError as error:
        raise ma.ValidationError(str(error)) from None


class OwnerIn(ma.Schema):
    kind = ma.fields.String(required=True, validate=_TEXT)
    id = ma.fields.String(required=True, validate=_TEXT)


class ActionIn(ma.Schema):
    action = ma.fields.String(required=True, validate=ma.validate.OneOf(sorted(RULES)))
    actor = ma.fields.String(required=True, validate=ma.validate.OneOf(ACTORS))
    actor_id = ma.fields.String(validate=_TEXT)
    reason = ma.fields.String(validate=ma.validate.Length(max=1000))
    to_owner = ma.fields.Nested(OwnerIn)  # transfer: to this owner, or ...
    to_tier = ma.fields.String(
        validate=ma.validate.OneOf(("grid", "community", "street", "district"))
    )
    clock = ma.fields.String(validate=ma.validate.OneOf(CLOCKS))  # extension: which clock
    extension = ma.fields.String(validate=_duration)  # extension: how long, e.g. 3d
    category_class = ma.fields.String(validate=ma.validate.OneOf(CLASSES))  # reclassify


class WorkQuery(ma.Schema):
    owner_kind = ma.fields.String(validate=_TEXT)
    owner_id = ma.fields.String(validate=_TEXT)
    community = ma.fields.String(validate=_TEXT)
    department = ma.fields.String(validate=_TEXT)
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(1, 500))
    offset = ma.fields.Integer(load_default=0, validate=ma.validate.Range(0, 100_000))
    api_key = ma.fields.String()  # the caller's key, Open311-style: the service checks it

    @ma.post_load
    def _queue(self, fields: dict[str, Any], **_: Any) -> dict[str, Any]:
        owner = (fields.get("owner_kind"), fields.get("owner_id"))
        given = [bool(owner[0] and owner[1]), "community" in fields, "department" in fields]
        if sum(given) != 1 or (any(owner) and not all(owner)):
            raise ma.ValidationError(
                "name one queue: owner_kind and owner_id, community, or department"
            )
        queue = Queue(
            owner=(owner[0], owner[1]) if all(owner) else None,  # type: ignore[arg-type]
            community=fields.get("community"),
            department=fields.get("department"),
        )
        return {"queue": queue, "limit": fields["limit"], "offset": fields["offset"]}
