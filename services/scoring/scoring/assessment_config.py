"""Assessment's part of scoring's section, `scoring.assessment:`: how a month's figures weigh
in an owner's score out of 100, the threshold under which it earns a yellow card (Huizhou, seed
002: 80), how many cases an owner must have had before its score counts, the grid level of a
community, and the categories whose ratings rank property companies.

    scoring:
      assessment:
        weights: {response_on_time: 20, reply_on_time: 20, resolution: 20, satisfaction: 30,
                  repeat: 10}
        threshold: 80
        min_cases: 5
        community_level: 2
        property_categories: [property-dispute]
        property_weights: {satisfaction: 50, inspection: 50}
        property_companies:
          pc-hongxing: {name: 红星物业, community: "620502001001", grids: ["620502001001001"]}
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import marshmallow as ma

from gongzhi.district import District

# Each figure a rate in [0, 1]; repeat is the one where less is better (its score is 1 - rate).
FIGURES = ("response_on_time", "reply_on_time", "resolution", "satisfaction", "repeat")
DEFAULT_WEIGHTS = MappingProxyType(
    {
        "response_on_time": 20,
        "reply_on_time": 20,
        "resolution": 20,
        "satisfaction": 30,
        "repeat": 10,
    }
)


@dataclass(frozen=True)
class PropertyCompany:
    """A property company (物业服务企业) of one community and the grids of its compounds: a
    property matter's rating counts for the company of the case's grid."""

    name: str
    community: str
    grids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    threshold: float = 80.0
    min_cases: int = 5
    community_level: int = 2
    property_categories: tuple[str, ...] = ()
    property_weights: Mapping[str, float] = field(
        default_factory=lambda: {"satisfaction": 50, "inspection": 50}
    )
    property_companies: Mapping[str, PropertyCompany] = field(default_factory=dict)

    def company_of(self, grid: str | None) -> str | None:
        """The property company whose compounds' grids hold `grid`, if any."""
        found = (code for code, c in self.property_companies.items() if grid in c.grids)
        return next(found, None)


class PropertyCompanySchema(ma.Schema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(1, 200))
    community = ma.fields.String(required=True)
    grids = ma.fields.List(ma.fields.String(), load_default=list)

    @ma.post_load
    def _company(self, fields: dict[str, Any], **_: Any) -> PropertyCompany:
        return PropertyCompany(**{**fields, "grids": tuple(fields["grids"])})


class AssessmentSchema(ma.Schema):
    weights = ma.fields.Dict(
        ma.fields.String(validate=ma.validate.OneOf(FIGURES)),
        ma.fields.Float(validate=ma.validate.Range(0, 1000)),
        load_default=lambda: dict(DEFAULT_WEIGHTS),
    )
    threshold = ma.fields.Float(load_default=80.0, validate=ma.validate.Range(0, 100))
    min_cases = ma.fields.Integer(load_default=5, validate=ma.validate.Range(1))
    community_level = ma.fields.Integer(load_default=2, validate=ma.validate.Range(1))
    property_categories = ma.fields.List(ma.fields.String(), load_default=list)
    property_weights = ma.fields.Dict(
        ma.fields.String(validate=ma.validate.OneOf(("satisfaction", "inspection"))),
        ma.fields.Float(validate=ma.validate.Range(0, 1000)),
        load_default=lambda: {"satisfaction": 50, "inspection": 50},
    )
    property_companies = ma.fields.Dict(
        ma.fields.String(validate=ma.validate.Length(1, 100)),
        ma.fields.Nested(PropertyCompanySchema),
        load_default=dict,
    )

    @ma.validates("weights")
    def _some_weight(self, weights: Mapping[str, float], **_: Any) -> None:
        if not any(weights.values()):
            raise ma.ValidationError("at least one figure must weigh more than 0")

    @ma.post_load
    def _assessment(self, fields: dict[str, Any], **_: Any) -> Assessment:
        categories = tuple(fields["property_categories"])
        return Assessment(**{**fields, "property_categories": categories})


def check(assessment: Assessment, district: District) -> list[tuple[str, str]]:
    """(field, message) for each category or grid the section names that the district lacks."""
    found = [
        ("assessment.property_categories", f"no category {code!r} in the district")
        for code in assessment.property_categories
        if code not in district.categories
    ]
    known = {grid.code for grid in district.grids}
    for code, company in assessment.property_companies.items():
        named = (company.community, *company.grids)
        found += [
            (f"assessment.property_companies.{code}", f"no grid {grid!r} in the district")
            for grid in named
            if grid not in known
        ]
    return found
