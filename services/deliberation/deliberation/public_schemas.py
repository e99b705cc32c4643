"""The public board's JSON (两公开): the query of a community's decisions, and what public.py
shows of a matter, dumped through these so the OpenAPI document says the same."""

import marshmallow as ma

from deliberation.events import Verdicts

COMMUNITY = ma.validate.Length(min=1, max=50)


class PageQuery(ma.Schema):
    cursor = ma.fields.String(load_default=None, validate=ma.validate.Length(max=500))
    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(1, 100))


class Named(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)


class Counts(ma.Schema):
    agree = ma.fields.Integer(required=True)
    abstain = ma.fields.Integer(required=True)
    disagree = ma.fields.Integer(required=True)
    block = ma.fields.Integer(required=True)


class Turnout(ma.Schema):
    eligible = ma.fields.Integer(
        required=True, metadata={"description": "on the roster when the vote opened"}
    )
    took_part = ma.fields.Integer(
        required=True, metadata={"description": "with a ballot counted, abstain too"}
    )
    by_proxy = ma.fields.Integer(
        required=True, metadata={"description": "of those, by their proxy's ballot"}
    )


class Party(ma.Schema):
    party = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    counts = ma.fields.Nested(Counts, required=True)
    turnout = ma.fields.Nested(Turnout, required=True)


class Reason(ma.Schema):
    code = ma.fields.String(
        required=True,
        metadata={"enum": ["quorum", "party_quorum", "majority", "party_majority", "veto"]},
    )
    party = ma.fields.String(required=True, allow_none=True)
    text = ma.fields.String(required=True, metadata={"description": "the reason in words (zh-CN)"})


class Vote(ma.Schema):
    """An open vote shows its state and opened_at alone; the rest comes when it closes (so the
    rest is not required)."""

    state = ma.fields.String(required=True, metadata={"enum": ["open", "closed"]})
    opened_at = ma.fields.DateTime(required=True)
    closed_at = ma.fields.DateTime()
    carried = ma.fields.Boolean()
    verdict = ma.fields.String(metadata={"description": "通过, or 未通过 with every reason"})
    counts = ma.fields.Nested(Counts)
    turnout = ma.fields.Nested(Turnout)
    parties = ma.fields.List(ma.fields.Nested(Party))
    reasons = ma.fields.List(ma.fields.Nested(Reason))


class Step(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    status_name = ma.fields.String(required=True)
    at = ma.fields.DateTime(required=True)
    due_at = ma.fields.DateTime(required=True, allow_none=True)
    why = ma.fields.String(required=True, allow_none=True)


class Task(ma.Schema):
    title = ma.fields.String(required=True)
    owner = ma.fields.String(
        required=True, metadata={"description": "kind:code of a body; a person's kind alone"}
    )
    due_at = ma.fields.DateTime(required=True, allow_none=True)
    state = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "null until carried; open, done, assigned, in_progress, ..."},
    )
    state_name = ma.fields.String(required=True, metadata={"description": "in words (zh-CN)"})


class Outcome(ma.Schema):
    counts = ma.fields.Nested(Verdicts, required=True)
    review_on = ma.fields.Date(
        required=True, allow_none=True, metadata={"description": "the day it comes back"}
    )
    closed_at = ma.fields.DateTime(required=True)


def evaluation_field() -> ma.fields.Nested:
    """A matter's evaluation, on its page and in its community's list."""
    return ma.fields.Nested(
        Outcome,
        allow_none=True,
        required=True,
        metadata={"description": "the ratings of its outcome once evaluated; null before"},
    )


class Plan(ma.Schema):
    summary = ma.fields.String(required=True)
    written_at = ma.fields.DateTime(required=True)
    tasks = ma.fields.List(ma.fields.Nested(Task), required=True)


class MatterSummary(ma.Schema):
    id = ma.fields.String(required=True)
    community = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    process = ma.fields.Nested(Named, required=True)
    status = ma.fields.String(required=True)
    status_name = ma.fields.String(required=True)
    vote = ma.fields.Nested(Vote, allow_none=True, required=True)


class ChainHead(ma.Schema):
    length = ma.fields.Integer(required=True, metadata={"description": "entries in the log"})
    hash = ma.fields.String(required=True, metadata={"description": "the last entry's SHA-256"})
    why = ma.fields.String(required=True, metadata={"enum": ["vote_closed", "matter_ended"]})
    at = ma.fields.DateTime(required=True)


class Matter(MatterSummary):
    community_name = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    step = ma.fields.Nested(Named, required=True)
    created_at = ma.fields.DateTime(required=True)
    steps = ma.fields.List(ma.fields.Nested(Step), required=True)
    plan = ma.fields.Nested(Plan, allow_none=True, required=True)
    chain_head = ma.fields.Nested(
        ChainHead,
        allow_none=True,
        required=True,
        metadata={"description": "its log's head when its vote closed or it ended; null before"},
    )
    evaluation = evaluation_field()


class Execution(ma.Schema):
    done = ma.fields.Integer(required=True, metadata={"description": "tasks finished"})
    all = ma.fields.Integer(required=True, metadata={"description": "tasks of the plan"})


class Decision(MatterSummary):
    execution = ma.fields.Nested(
        Execution,
        allow_none=True,
        required=True,
        metadata={"description": "its newest plan's tasks finished of all; null without tasks"},
    )
    evaluation = evaluation_field()


class MattersPage(ma.Schema):
    community = ma.fields.String(required=True)
    community_name = ma.fields.String(required=True)
    matters = ma.fields.List(ma.fields.Nested(Decision), required=True)
    next_cursor = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "?cursor= for the next page; null at the end"},
    )
