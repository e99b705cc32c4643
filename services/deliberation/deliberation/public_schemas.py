"""The public board's JSON (两公开): the query of a community's decisions, and what public.py
shows of a matter, dumped through these so the OpenAPI document says the same."""

import marshmallow as ma

COMMUNITY = ma.validate.Length(min=1, max=50)


class PageQuery(ma.Schema):
    cursor = ma.fields.String(load_default=None, validate=ma.validate.Length(max=500))
    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(1, 100))


class Named(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()


class Counts(ma.Schema):
    agree = ma.fields.Integer()
    abstain = ma.fields.Integer()
    disagree = ma.fields.Integer()
    block = ma.fields.Integer()


class Turnout(ma.Schema):
    eligible = ma.fields.Integer(metadata={"description": "on the roster when the vote opened"})
    took_part = ma.fields.Integer(metadata={"description": "with a ballot counted, abstain too"})
    by_proxy = ma.fields.Integer(metadata={"description": "of those, by their proxy's ballot"})


class Party(ma.Schema):
    party = ma.fields.String()
    name = ma.fields.String()
    counts = ma.fields.Nested(Counts)
    turnout = ma.fields.Nested(Turnout)


class Reason(ma.Schema):
    code = ma.fields.String(
        metadata={"enum": ["quorum", "party_quorum", "majority", "party_majority", "veto"]}
    )
    party = ma.fields.String(allow_none=True)
    text = ma.fields.String(metadata={"description": "the reason in words (zh-CN)"})


class Vote(ma.Schema):
    """An open vote shows its state and opened_at alone; the rest comes when it closes."""

    state = ma.fields.String(metadata={"enum": ["open", "closed"]})
    opened_at = ma.fields.DateTime()
    closed_at = ma.fields.DateTime()
    carried = ma.fields.Boolean()
    verdict = ma.fields.String(metadata={"description": "通过, or 未通过 with every reason"})
    counts = ma.fields.Nested(Counts)
    turnout = ma.fields.Nested(Turnout)
    parties = ma.fields.List(ma.fields.Nested(Party))
    reasons = ma.fields.List(ma.fields.Nested(Reason))


class Step(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    status = ma.fields.String()
    status_name = ma.fields.String()
    at = ma.fields.DateTime()
    due_at = ma.fields.DateTime(allow_none=True)
    why = ma.fields.String(allow_none=True)


class Task(ma.Schema):
    title = ma.fields.String()
    owner = ma.fields.String(metadata={"description": "kind:code of a body; a person's kind alone"})
    due_at = ma.fields.DateTime(allow_none=True)


class Plan(ma.Schema):
    summary = ma.fields.String()
    written_at = ma.fields.DateTime()
    tasks = ma.fields.List(ma.fields.Nested(Task))


class MatterSummary(ma.Schema):
    id = ma.fields.String()
    community = ma.fields.String()
    title = ma.fields.String()
    process = ma.fields.Nested(Named)
    status = ma.fields.String()
    status_name = ma.fields.String()
    vote = ma.fields.Nested(Vote, allow_none=True)


class Matter(MatterSummary):
    description = ma.fields.String()
    step = ma.fields.Nested(Named)
    created_at = ma.fields.DateTime()
    steps = ma.fields.List(ma.fields.Nested(Step))
    plan = ma.fields.Nested(Plan, allow_none=True)


class MattersPage(ma.Schema):
    community = ma.fields.String()
    matters = ma.fields.List(ma.fields.Nested(MatterSummary))
    next_cursor = ma.fields.String(
        allow_none=True, metadata={"description": "?cursor= for the next page; null at the end"}
    )
