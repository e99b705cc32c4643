"""Rankings' part of `scoring:` in district.yaml, `scoring.rankings:`: who is ranked as a
volunteer, the party member pioneer index's weights (先锋指数) and the community stars' thresholds
(星级), as data:

    rankings:
      roles: [volunteer, party_member]       # ranked on the volunteers' board; none: every role
      board_size: 20                         # people on a public board
      pioneer:
        roles: [party_member]
        weights: {points: 1, claims: 2, projects: 5, votes: 1}
        vote_rules: [vote_cast]              # earning rules that reward a vote: counted as votes
      stars:
        - {stars: 1, minimums: {points: 100, active: 5}}
        - {stars: 2, minimums: {points: 500, active: 20, projects: 2}}
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma

PERSON_FIGURES = ("points", "claims", "projects", "votes")  # a person's month
COMMUNITY_FIGURES = ("points", "active", "claims", "projects")  # a community's month


@dataclass(frozen=True)
class Pioneer:
    """The pioneer index of a party member's month: the sum of each figure times its weight."""

    roles: tuple[str, ...] = ("party_member",)
    weights: Mapping[str, float] = field(
        default_factory=lambda: {"points": 1.0, "claims": 2.0, "projects": 5.0, "votes": 1.0}
    )
    vote_rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class StarLevel:
    """A community earns `stars` in a month when each of its figures reaches its minimum."""

    stars: int
    minimums: Mapping[str, int]


@dataclass(frozen=True)
class Rankings:
    roles: tuple[str, ...] = ()
    board_size: int = 20
    pioneer: Pioneer = field(default_factory=Pioneer)
    stars: tuple[StarLevel, ...] = ()


class PioneerSchema(ma.Schema):
    roles = ma.fields.List(ma.fields.String(), load_default=lambda: ["party_member"])
    weights = ma.fields.Dict(
        ma.fields.String(validate=ma.validate.OneOf(PERSON_FIGURES)),
        ma.fields.Float(validate=ma.validate.Range(0, 1000)),
        load_default=lambda: dict(Pioneer().weights),
    )
    vote_rules = ma.fields.List(ma.fields.String(), load_default=list)

    @ma.post_load
    def _pioneer(self, fields: dict[str, Any], **_: Any) -> Pioneer:
        return Pioneer(
            roles=tuple(fields["roles"]),
            weights=fields["weights"],
            vote_rules=tuple(fields["vote_rules"]),
        )


class StarLevelSchema(ma.Schema):
    stars = ma.fields.Integer(required=True, validate=ma.validate.Range(1, 5))
    minimums = ma.fields.Dict(
        ma.fields.String(validate=ma.validate.OneOf(COMMUNITY_FIGURES)),
        ma.fields.Integer(validate=ma.validate.Range(0)),
        required=True,
    )

    @ma.post_load
    def _level(self, fields: dict[str, Any], **_: Any) -> StarLevel:
        return StarLevel(**fields)


class RankingsSchema(ma.Schema):
    roles = ma.fields.List(ma.fields.String(), load_default=list)
    board_size = ma.fields.Integer(load_default=20, validate=ma.validate.Range(1, 200))
    pioneer = ma.fields.Nested(PioneerSchema, load_default=Pioneer)
    stars = ma.fields.List(ma.fields.Nested(StarLevelSchema), load_default=list)

    @ma.post_load
    def _rankings(self, fields: dict[str, Any], **_: Any) -> Rankings:
        return Rankings(
            **{**fields, "roles": tuple(fields["roles"]), "stars": tuple(fields["stars"])}
        )


def check(
    rankings: Rankings, roles: tuple[str, ...], rules: tuple[str, ...]
) -> list[tuple[str, str]]:
    """What the section names that scoring does not have: (field, message)."""
    found = [
        ("rankings.roles", f"no role {role!r} in roles")
        for role in rankings.roles
        if role not in roles
    ]
    found += [
        ("rankings.pioneer.roles", f"no role {role!r} in roles")
        for role in rankings.pioneer.roles
        if role not in roles
    ]
    found += [
        ("rankings.pioneer.vote_rules", f"no rule {code!r} in rules")
        for code in rankings.pioneer.vote_rules
        if code not in rules
    ]
    levels = [level.stars for level in rankings.stars]
    found += [
        (f"rankings.stars[{n}].stars", f"{s} stars twice")
        for n, s in enumerate(levels)
        if levels.index(s) != n
    ]
    return found
