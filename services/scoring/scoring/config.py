"""Scoring's section of `district.yaml`, `scoring:`: who may hold points and within which
limits, what earns them (activities once an organiser verifies a claim, events by rule), how
much each community may issue, when points expire and what counts as an anomaly.

    scoring:
      roles: [volunteer, party_member]          # people's roles, beside `resident`
      limits: {volunteer: {min_balance: 0, daily_cap: 30}, merchant: {min_balance: 0}}
      budgets: {"620502001001": 20000}          # points a community may issue (a lower limit)
      activities: {public_welfare_post: {name: 认领社区公益岗位, points: 5, unit: hour}}
      rules: [{code: report, event: intake.report.submitted.v1, who: reporter_ref, points: 1}]
      expiry: {after_days: 365}
      anomaly: {factor: 5, min_points: 100}
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma

from gongzhi.district import District
from scoring.assessment_config import Assessment, AssessmentSchema
from scoring.assessment_config import check as check_assessment
from scoring.projects_config import Projects, ProjectsSchema
from scoring.rankings_config import Rankings, RankingsSchema
from scoring.rankings_config import check as check_rankings
from scoring.ratings_config import Ratings, RatingsSchema
from scoring.shop_config import Shop, ShopSchema

KINDS = ("person", "resident", "organisation", "budget", "merchant", "expiry")
EARNERS = ("person", "resident", "organisation")  # the kinds that earn, and whose points expire


@dataclass(frozen=True)
class Limits:
    """None is no limit. Caps bound what an account earns in a district day or month."""

    min_balance: int | None = None
    max_balance: int | None = None
    daily_cap: int | None = None
    monthly_cap: int | None = None


@dataclass(frozen=True)
class Activity:
    """Work that earns `points` per `unit` once an organiser approves its claim."""

    name: str
    points: int
    unit: str = "time"  # time or hour: what a claim's quantity counts
    roles: tuple[str, ...] = ()  # who may claim it; none: every registered role
    max_quantity: int = 8  # a claim's quantity at most


@dataclass(frozen=True)
class Rule:
    """Earn `points` when an event of type `event` comes whose data match `when` (field: the
    values it may have); the earner is the account `as_kind`:<data[who]>."""

    code: str
    event: str
    who: str
    points: int
    as_kind: str = "resident"
    when: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Expiry:
    after_days: int | None = 365  # None: points never expire


@dataclass(frozen=True)
class Anomaly:
    """An earner past `factor` times its community's mean earning in a month, and past
    `min_points`, is flagged for a person to look at (never refused for it)."""

    factor: float = 5.0
    min_points: int = 100


@dataclass(frozen=True)
class Scoring:
    roles: tuple[str, ...] = ("volunteer", "party_member")
    limits: Mapping[str, Limits] = field(default_factory=dict)  # by role, else by kind
    budgets: Mapping[str, int] = field(default_factory=dict)  # community (or district) code
    default_budget: int = 0  # a community's budget when `budgets` does not name it
    activities: Mapping[str, Activity] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    expiry: Expiry = field(default_factory=Expiry)
    anomaly: Anomaly = field(default_factory=Anomaly)
    shop: Shop = field(default_factory=Shop)
    rankings: Rankings = field(default_factory=Rankings)
    assessment: Assessment = field(default_factory=Assessment)
    projects: Projects = field(default_factory=Projects)
    ratings: Ratings = field(default_factory=Ratings)  # one matter, one rating (ratings_config)

    def limits_of(self, kind: str, role: str | None, community: str | None) -> Limits:
        """An account's limits: its role's, else its kind's; a budget's floor is minus what
        its community may issue, so a budget never issues more."""
        if kind == "budget":
            allowed = self.budgets.get(community or "", self.default_budget)
            return Limits(min_balance=-allowed, max_balance=0)
        if kind == "expiry":
            return Limits()
        return self.limits.get(role or "", self.limits.get(kind, Limits()))


class LimitsSchema(ma.Schema):
    min_balance = ma.fields.Integer(load_default=None, allow_none=True)
    max_balance = ma.fields.Integer(load_default=None, allow_none=True)
    daily_cap = ma.fields.Integer(load_default=None, allow_none=True, validate=ma.validate.Range(1))
    monthly_cap = ma.fields.Integer(
        load_default=None, allow_none=True, validate=ma.validate.Range(1)
    )

    @ma.post_load
    def _limits(self, fields: dict[str, Any], **_: Any) -> Limits:
        return Limits(**fields)


class ActivitySchema(ma.Schema):
    name = ma.fields.String(required=True)
    points = ma.fields.Integer(required=True, validate=ma.validate.Range(1, 10_000))
    unit = ma.fields.String(load_default="time", validate=ma.validate.OneOf(("time", "hour")))
    roles = ma.fields.List(ma.fields.String(), load_default=list)
    max_quantity = ma.fields.Integer(load_default=8, validate=ma.validate.Range(1, 1000))

    @ma.post_load
    def _activity(self, fields: dict[str, Any], **_: Any) -> Activity:
        return Activity(**{**fields, "roles": tuple(fields["roles"])})


class RuleSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(1, 50))
    event = ma.fields.String(required=True)
    who = ma.fields.String(required=True)
    points = ma.fields.Integer(required=True, validate=ma.validate.Range(1, 10_000))
    as_kind = ma.fields.String(
        data_key="as", load_default="resident", validate=ma.validate.OneOf(("resident", "person"))
    )
    when = ma.fields.Dict(ma.fields.String(), ma.fields.List(ma.fields.Raw()), load_default=dict)

    @ma.post_load
    def _rule(self, fields: dict[str, Any], **_: Any) -> Rule:
        when = {name: tuple(values) for name, values in fields["when"].items()}
        return Rule(**{**fields, "when": when})


class ExpirySchema(ma.Schema):
    after_days = ma.fields.Integer(load_default=365, allow_none=True, validate=ma.validate.Range(1))

    @ma.post_load
    def _expiry(self, fields: dict[str, Any], **_: Any) -> Expiry:
        return Expiry(**fields)


class AnomalySchema(ma.Schema):
    factor = ma.fields.Float(load_default=5.0, validate=ma.validate.Range(1))
    min_points = ma.fields.Integer(load_default=100, validate=ma.validate.Range(0))

    @ma.post_load
    def _anomaly(self, fields: dict[str, Any], **_: Any) -> Anomaly:
        return Anomaly(**fields)


class ScoringSchema(ma.Schema):
    roles = ma.fields.List(ma.fields.String(), load_default=lambda: ["volunteer", "party_member"])
    limits = ma.fields.Dict(ma.fields.String(), ma.fields.Nested(LimitsSchema), load_default=dict)
    budgets = ma.fields.Dict(
        ma.fields.String(), ma.fields.Integer(validate=ma.validate.Range(0)), load_default=dict
    )
    default_budget = ma.fields.Integer(load_default=0, validate=ma.validate.Range(0))
    activities = ma.fields.Dict(
        ma.fields.String(), ma.fields.Nested(ActivitySchema), load_default=dict
    )
    rules = ma.fields.List(ma.fields.Nested(RuleSchema), load_default=list)
    expiry = ma.fields.Nested(ExpirySchema, load_default=Expiry)
    anomaly = ma.fields.Nested(AnomalySchema, load_default=Anomaly)
    shop = ma.fields.Nested(ShopSchema, load_default=Shop)
    rankings = ma.fields.Nested(RankingsSchema, load_default=Rankings)
    assessment = ma.fields.Nested(AssessmentSchema, load_default=Assessment)
    projects = ma.fields.Nested(ProjectsSchema, load_default=Projects)
    ratings = ma.fields.Nested(RatingsSchema, load_default=Ratings)

    @ma.post_load
    def _scoring(self, fields: dict[str, Any], **_: Any) -> Scoring:
        return Scoring(
            **{**fields, "roles": tuple(fields["roles"]), "rules": tuple(fields["rules"])}
        )


def check(scoring: Scoring, district: District) -> list[tuple[str, str]]:
    """What the section names that the district or scoring does not have: (field, message)."""
    from scoring.events import CONSUMES

    found = [
        (f"budgets.{code}", f"no grid {code!r} in the district")
        for code in _unknown(scoring.budgets, district)
    ]
    found += [
        (f"shop.budgets.{code}", f"no grid {code!r} in the district")
        for code in _unknown(scoring.shop.budgets, district)
    ]
    holders = {*scoring.roles, "resident", *KINDS}
    found += [
        (f"limits.{name}", f"no role or kind {name!r}")
        for name in scoring.limits
        if name not in holders
    ]
    for code, activity in scoring.activities.items():
        found += [
            (f"activities.{code}.roles", f"no role {role!r} in roles")
            for role in activity.roles
            if role not in scoring.roles
        ]
    for n, rule in enumerate(scoring.rules):
        if rule.event not in CONSUMES:
            found.append((f"rules[{n}].event", f"scoring does not consume {rule.event!r}"))
    codes = [rule.code for rule in scoring.rules]
    found += [
        (f"rules[{n}].code", f"{c!r} twice") for n, c in enumerate(codes) if codes.index(c) != n
    ]
    found += check_assessment(scoring.assessment, district)
    return found + check_rankings(scoring.rankings, scoring.roles, tuple(codes))


def _unknown(codes: Mapping[str, int], district: District) -> list[str]:
    known = {grid.code for grid in district.grids} | {district.code}
    return [code for code in codes if code not in known]


def scoring_of(district: District) -> Scoring:
    scoring: Scoring = district.section("scoring")
    return scoring
