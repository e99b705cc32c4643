"""Routing's HTTP wire schemas: what it takes, and what it answers (for its OpenAPI document)."""

from typing import Any

import marshmallow as ma

from gongzhi import openapi
from gongzhi.district.model import CLASSES
from gongzhi.plain_text import has_html
from routing.config import CLOCKS, Duration
from routing.events import LIGHTS, TIERS, Answer, CaseState, Owner
from routing.lifecycle import ACTORS, ANSWERED, RULES, STATUSES
from routing.views import Queue

_TEXT = ma.validate.Length(min=1, max=100)


# Clock times are moved by the extensions granted: asked for in thousands of years, they
# overflow datetime. No case waits more than a year for its owner.
MAX_EXTENSION = Duration(365, "d")


def _extension(value: str) -> None:
    try:
        asked = Duration.parse(value)
    except ValueError as error:
        raise ma.ValidationError(str(error)) from None
    if asked.seconds > MAX_EXTENSION.seconds:
        raise ma.ValidationError(f"an extension of at most {MAX_EXTENSION}")


MAX_ANSWER, MAX_PHOTOS = 2000, 9  # characters; photos, as many as a WeChat post holds


def _plain_words(text: str) -> None:
    if not text.strip():
        raise ma.ValidationError("an answer needs words for the resident")
    if len(text) > MAX_ANSWER:
        raise ma.ValidationError(f"at most {MAX_ANSWER:,} characters, not {len(text):,}")
    if has_html(text):
        raise ma.ValidationError("plain text only: no HTML tags")


class AnswerIn(ma.Schema):
    text = ma.fields.String(
        required=True,
        validate=_plain_words,
        metadata={"description": f"plain text, no HTML; at most {MAX_ANSWER:,} characters"},
    )
    photos = ma.fields.List(
        ma.fields.Url(schemes={"http", "https"}, validate=ma.validate.Length(max=1000)),
        load_default=list,
        validate=ma.validate.Length(max=MAX_PHOTOS),
        metadata={"description": "http(s) URLs of photos of what was done"},
    )


class OwnerIn(ma.Schema):
    kind = ma.fields.String(required=True, validate=_TEXT)
    id = ma.fields.String(required=True, validate=_TEXT)


# A council's decision comes on deliberation's event, never through the API.
OFFERED = sorted(name for name in RULES if name != "decide")
ANSWERED_BY_STAFF = tuple(name for name in ANSWERED if name != "decide")


class ActionIn(ma.Schema):
    action = ma.fields.String(required=True, validate=ma.validate.OneOf(OFFERED))
    actor = ma.fields.String(required=True, validate=ma.validate.OneOf(ACTORS))
    actor_id = ma.fields.String(
        validate=_TEXT,
        metadata={"description": "the key's holder name, taken from the key when left out"},
    )
    reason = ma.fields.String(validate=ma.validate.Length(max=1000))
    to_owner = ma.fields.Nested(OwnerIn, metadata={"description": "transfer: to this owner"})
    to_tier = ma.fields.String(
        validate=TIERS,
        metadata={"description": "transfer: to this tier (its owner, unless to_owner names one)"},
    )
    clock = ma.fields.String(
        validate=ma.validate.OneOf(CLOCKS), metadata={"description": "extension: which clock"}
    )
    extension = ma.fields.String(
        validate=_extension,
        metadata={
            "description": f"extension: how long, e.g. 3d, 4h or 90m; at most {MAX_EXTENSION}",
            "pattern": "^[0-9]+[mhd]$",
        },
    )
    category_class = ma.fields.String(
        validate=ma.validate.OneOf(CLASSES), metadata={"description": "reclassify: to this"}
    )
    answer = ma.fields.Nested(
        AnswerIn,
        allow_none=True,
        metadata={
            "description": "reply, resolve (required), return: what the resident is told, "
            "published with the report; `reason` stays internal"
        },
    )

    @ma.validates_schema
    def _answered(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("answer") is None:
            if data["action"] == "resolve":
                raise ma.ValidationError("resolve needs an answer for the resident", "answer")
        elif data["action"] not in ANSWERED_BY_STAFF:
            raise ma.ValidationError(
                f"only {', '.join(ANSWERED_BY_STAFF)} carry an answer, not {data['action']}",
                "answer",
            )


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


STATUS = ma.validate.OneOf(STATUSES)
MOMENT = {"format": "date-time"}  # ISO 8601 in UTC, as views.py writes it


class Step(ma.Schema):
    """One step in a case's history: who did what, and where it left the case."""

    action = ma.fields.String(
        required=True, metadata={"description": "assign, finish_task, or an action's name"}
    )
    actor = ma.fields.String(required=True, validate=ma.validate.OneOf((*ACTORS, "co_handler")))
    actor_id = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "the key's holder; none for the system"},
    )
    from_status = ma.fields.String(required=True, allow_none=True, validate=STATUS)
    to_status = ma.fields.String(required=True, validate=STATUS)
    from_owner = ma.fields.Nested(Owner, required=True, allow_none=True)
    to_owner = ma.fields.Nested(Owner, required=True)
    tier = ma.fields.String(required=True, validate=TIERS)
    reason = ma.fields.String(required=True)
    answer = ma.fields.Nested(
        Answer,
        required=True,
        allow_none=True,
        metadata={"description": "what the resident was told"},
    )
    at = ma.fields.String(required=True, metadata=MOMENT)


class CaseOut(CaseState):
    """A case as it now stands (what routing's events say of it), with its history, oldest
    step first."""

    history = ma.fields.List(ma.fields.Nested(Step), required=True)


class WorkLine(ma.Schema):
    """An open case in a work queue."""

    issue_id = ma.fields.String(required=True)
    category = ma.fields.String(required=True)
    grid_code = ma.fields.String(required=True, allow_none=True)
    tier = ma.fields.String(required=True, validate=TIERS)
    owner = ma.fields.Nested(Owner, required=True)
    status = ma.fields.String(required=True, validate=STATUS)
    light = ma.fields.String(required=True, allow_none=True, validate=LIGHTS)
    due_at = ma.fields.String(
        required=True, allow_none=True, metadata={**MOMENT, "description": "nearest deadline"}
    )
    reported_at = ma.fields.String(required=True, allow_none=True, metadata=MOMENT)
    paused = ma.fields.Boolean(required=True)


class WorkQueue(ma.Schema):
    cases = ma.fields.List(ma.fields.Nested(WorkLine), required=True)


class SettledCount(ma.Schema):
    open = ma.fields.Integer(required=True)
    settled = ma.fields.Integer(required=True, metadata={"description": "resolved or closed"})
    settled_share = ma.fields.Float(
        required=True, metadata={"description": "its share of all settled cases, 0 to 1"}
    )


class TierCount(SettledCount):
    tier = ma.fields.String(required=True, validate=TIERS)


class DepartmentCount(SettledCount):
    department = ma.fields.String(required=True, metadata={"description": "as lead owner"})


class LightCount(ma.Schema):
    light = ma.fields.String(required=True, allow_none=True, validate=LIGHTS)
    open = ma.fields.Integer(required=True)


class TierStats(ma.Schema):
    """The tier pyramid: open and settled cases per tier."""

    by = ma.fields.String(required=True, validate=ma.validate.OneOf(("tier",)))
    counts = ma.fields.List(ma.fields.Nested(TierCount), required=True)


class LightStats(ma.Schema):
    """Open cases per light."""

    by = ma.fields.String(required=True, validate=ma.validate.OneOf(("light",)))
    counts = ma.fields.List(ma.fields.Nested(LightCount), required=True)


class DepartmentStats(ma.Schema):
    """Open and settled cases per department leading them."""

    by = ma.fields.String(required=True, validate=ma.validate.OneOf(("department",)))
    counts = ma.fields.List(ma.fields.Nested(DepartmentCount), required=True)


class Error(openapi.Error):
    """The codes routing answers."""

    error = ma.fields.String(
        required=True,
        metadata={
            "description": "what went wrong: forbidden, too_many_requests, invalid, bad_json, "
            "nul_character, not_the_holder, not_found, refused, too_large"
        },
    )
