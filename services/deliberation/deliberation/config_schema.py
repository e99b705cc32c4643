"""The schemas of `deliberation:` in district.yaml (config.py shows its shape): each value's own
form, and what one part of the section says of another (unique ids, a resolve step's vote rules,
where a step sends a matter back). Which parties, grids and processes a name may be is checked
against the whole district in config_checks.py."""

from types import MappingProxyType
from typing import Any

import marshmallow as ma

from deliberation.bodies import COMPOUND_CODE, RED_PROPERTY, Community, Compound
from deliberation.config import ChecklistItem, Deliberation, ListedMatter, Promotion
from deliberation.process_schema import ProcessSchema
from deliberation.standing import WEEKDAYS, StandingMeeting
from deliberation.validators import NAME, SLUG, TEXT, person, unique
from gongzhi.district.calendar import ClockTime


def _people() -> ma.fields.List:
    return ma.fields.List(ma.fields.String(validate=person), validate=TEXT)


def _frozen(items: list[Any], key: str) -> MappingProxyType:
    return MappingProxyType({getattr(item, key): item for item in items})


class StandingMeetingSchema(ma.Schema):
    weekday = ma.fields.String(validate=ma.validate.OneOf(WEEKDAYS))
    nth = ma.fields.Integer(strict=True, validate=ma.validate.OneOf((1, 2, 3, 4, -1)))
    at = ClockTime()
    name = ma.fields.String(validate=TEXT)

    @ma.post_load
    def _meeting(self, fields: dict[str, Any], **_: Any) -> StandingMeeting:
        return StandingMeeting(**fields)


class CompoundSchema(ma.Schema):
    code = ma.fields.String(
        required=True, validate=ma.validate.Regexp(COMPOUND_CODE, error="letters, digits and -")
    )
    name = ma.fields.String(required=True, validate=TEXT)
    parties = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.OneOf(RED_PROPERTY)),
        values=_people(),
        load_default=dict,
    )

    @ma.post_load
    def _compound(self, fields: dict[str, Any], **_: Any) -> Compound:
        parties = {party: tuple(people) for party, people in fields["parties"].items()}
        return Compound(fields["code"], fields["name"], MappingProxyType(parties))


class CommunitySchema(ma.Schema):
    code = ma.fields.String(
        required=True, validate=ma.validate.Regexp(r"^\d+$", error="a community's grid code")
    )
    process = ma.fields.String()
    council = ma.fields.Dict(
        keys=ma.fields.String(validate=NAME), values=_people(), load_default=dict
    )
    assembly = ma.fields.Dict(
        keys=ma.fields.String(validate=person),
        values=ma.fields.String(validate=NAME),
        load_default=dict,
    )
    compounds = ma.fields.List(
        ma.fields.Nested(CompoundSchema), load_default=list, validate=unique("code", "compound")
    )
    standing_meeting = ma.fields.Nested(StandingMeetingSchema)

    @ma.post_load
    def _community(self, fields: dict[str, Any], **_: Any) -> Community:
        council = {party: tuple(people) for party, people in fields["council"].items()}
        fields.update(
            council=MappingProxyType(council),
            assembly=MappingProxyType(fields["assembly"]),
            compounds=tuple(fields["compounds"]),
        )
        return Community(**fields)


class ListedMatterSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=SLUG)
    name = ma.fields.String(required=True, validate=TEXT)
    process = ma.fields.String(required=True, validate=SLUG)

    @ma.post_load
    def _matter(self, fields: dict[str, Any], **_: Any) -> ListedMatter:
        return ListedMatter(**fields)


class PromotionSchema(ma.Schema):
    co_reports = ma.fields.Integer(
        strict=True, allow_none=True, validate=ma.validate.Range(1, 100_000)
    )
    escalated_to = ma.fields.String(
        allow_none=True, validate=ma.validate.OneOf(("community", "street", "district"))
    )
    red_times = ma.fields.Integer(strict=True, allow_none=True, validate=ma.validate.Range(1, 10))
    process = ma.fields.String(allow_none=True, validate=SLUG)
    join_open = ma.fields.Boolean()

    @ma.post_load
    def _promotion(self, fields: dict[str, Any], **_: Any) -> Promotion:
        return Promotion(**fields)


class ChecklistItemSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=SLUG)
    name = ma.fields.String(required=True, validate=TEXT)

    @ma.post_load
    def _item(self, fields: dict[str, Any], **_: Any) -> ChecklistItem:
        return ChecklistItem(**fields)


class DeliberationSchema(ma.Schema):
    roster = ma.fields.String(
        validate=ma.validate.Regexp(r"^[^/\\]", error="a file in the district folder")
    )
    groups = ma.fields.Dict(keys=ma.fields.String(validate=NAME), values=ma.fields.String())
    communities = ma.fields.List(
        ma.fields.Nested(CommunitySchema), validate=unique("code", "community")
    )
    processes = ma.fields.List(ma.fields.Nested(ProcessSchema), validate=unique("id", "process"))
    default_process = ma.fields.String(validate=SLUG)
    must_deliberate = ma.fields.List(
        ma.fields.Nested(ListedMatterSchema), validate=unique("code", "matter")
    )
    promotion = ma.fields.Nested(PromotionSchema)
    review_checklist = ma.fields.List(
        ma.fields.Nested(ChecklistItemSchema), validate=[TEXT, unique("code", "item")]
    )
    standing_meeting = ma.fields.Nested(StandingMeetingSchema)

    @ma.post_load
    def _deliberation(self, fields: dict[str, Any], **_: Any) -> Deliberation:
        for key, by in (("communities", "code"), ("processes", "id"), ("must_deliberate", "code")):
            if key in fields:
                fields[key] = _frozen(fields[key], by)
        if "groups" in fields:
            fields["groups"] = MappingProxyType(fields["groups"])
        if "review_checklist" in fields:
            fields["review_checklist"] = tuple(fields["review_checklist"])
        return Deliberation(**fields)
