"""The schemas of a process in `deliberation.processes` (processes.py describes one): its steps
and vote rules in their own form, and what one step says of another: unique ids, vote rules
for a resolve step, a step sending a matter back only to one before it."""

from typing import Any

import marshmallow as ma

from deliberation.processes import (
    ADVANCE_OF_KIND,
    ADVANCES,
    KIND_OF_ADVANCE,
    KINDS,
    MAJORITIES,
    OUTPUTS,
    Process,
    Step,
    VoteRules,
)
from deliberation.validators import NAME, SLUG, TEXT, Share, unique


class VoteSchema(ma.Schema):
    quorum = Share()
    party_quorum = Share(allow_none=True)
    majority = ma.fields.String(validate=ma.validate.OneOf(MAJORITIES))
    veto = ma.fields.List(ma.fields.String(validate=NAME))
    proxy_limit = ma.fields.Integer(strict=True, validate=ma.validate.Range(0, 10))
    secret = ma.fields.Boolean()
    change_vote = ma.fields.Boolean()

    @ma.post_load
    def _rules(self, fields: dict[str, Any], **_: Any) -> VoteRules:
        if "veto" in fields:
            fields["veto"] = tuple(fields["veto"])
        return VoteRules(**fields)


class StepSchema(ma.Schema):
    id = ma.fields.String(required=True, validate=SLUG)
    name = ma.fields.String(required=True, validate=TEXT)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))
    by = ma.fields.List(ma.fields.String(validate=NAME), required=True, validate=TEXT)
    produces = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(OUTPUTS)))
    within_days = ma.fields.Integer(strict=True, required=True, validate=ma.validate.Range(1, 250))
    advance = ma.fields.String(validate=ma.validate.OneOf(ADVANCES))
    back_to = ma.fields.String(validate=SLUG)

    @ma.validates_schema
    def _moves_on_as_its_kind_does(self, data: dict[str, Any], **_: Any) -> None:
        kind = data["kind"]  # a field error skips this check, so the kind is known
        advance = data.get("advance") or ADVANCE_OF_KIND.get(kind, "produced")
        if kind in ADVANCE_OF_KIND and advance != ADVANCE_OF_KIND[kind]:
            raise ma.ValidationError(
                f"a {kind} step moves on once {ADVANCE_OF_KIND[kind]}", "advance"
            )
        if advance in KIND_OF_ADVANCE and kind != KIND_OF_ADVANCE[advance]:
            raise ma.ValidationError(
                f"only a {KIND_OF_ADVANCE[advance]} step is {advance}", "advance"
            )
        if data.get("back_to") and advance not in KIND_OF_ADVANCE and kind != "evaluate":
            raise ma.ValidationError(
                "only a review, resolve or evaluate step sends a matter back", "back_to"
            )
        if advance == "produced" and not data.get("produces"):
            raise ma.ValidationError("a step that moves on once produced must produce", "produces")

    @ma.post_load
    def _step(self, fields: dict[str, Any], **_: Any) -> Step:
        fields.setdefault("advance", ADVANCE_OF_KIND.get(fields["kind"], "produced"))
        fields.update(by=tuple(fields["by"]), produces=tuple(fields.get("produces", ())))
        return Step(**fields)


class ProcessSchema(ma.Schema):
    id = ma.fields.String(required=True, validate=SLUG)
    name = ma.fields.String(required=True, validate=TEXT)
    co_signers = ma.fields.Integer(strict=True, validate=ma.validate.Range(0, 100_000))
    vote = ma.fields.Nested(VoteSchema)
    steps = ma.fields.List(
        ma.fields.Nested(StepSchema), required=True, validate=[TEXT, unique("id", "step")]
    )

    @ma.validates_schema
    def _steps_fit_together(self, data: dict[str, Any], **_: Any) -> None:
        steps = data["steps"]  # a field error skips this check
        if any(step.kind == "resolve" for step in steps) and "vote" not in data:
            raise ma.ValidationError("a process with a resolve step needs vote rules", "vote")
        earlier: set[str] = set()
        for index, step in enumerate(steps):
            if step.back_to and step.back_to not in earlier:
                message = f"{step.back_to!r} is not a step before this one"
                raise ma.ValidationError({"steps": {index: {"back_to": [message]}}})
            earlier.add(step.id)

    @ma.post_load
    def _process(self, fields: dict[str, Any], **_: Any) -> Process:
        return Process(**{**fields, "steps": tuple(fields["steps"])})
