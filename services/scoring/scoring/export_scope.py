"""What an export covers (`?scope=`): one community, a street (the communities under it in the
district's grids) or the whole district, as the set of grid codes whose rows it holds, and the
district month it spans (Asia/Shanghai, as everything scoring counts by month).

    >>> scopes = scopes_of(load_district("deploy/districts/xiguan"))
    >>> scope = scopes.parse("street:620502001")
    >>> "620502001001007" in scope.codes  # a grid of a community of that street
    True
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from gongzhi.district import District
from scoring.config import scoring_of


class BadScope(ValueError):
    """A scope that is none of community:CODE, street:CODE or district."""


@dataclass(frozen=True)
class Scope:
    kind: str  # community, street, district
    code: str  # the community's or street's code, the district's for the district
    codes: frozenset[str] | None  # the grid codes it holds; None: everything (the district)

    @property
    def text(self) -> str:
        return "district" if self.kind == "district" else f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class Scopes:
    """The district's communities and streets, each with the grid codes under it."""

    district: str
    zone: ZoneInfo
    communities: dict[str, frozenset[str]]
    streets: dict[str, frozenset[str]]

    def parse(self, text: str) -> Scope:
        kind, _, code = text.partition(":")
        if text == "district":
            return Scope("district", self.district, None)
        found = {"community": self.communities, "street": self.streets}.get(kind, {})
        if code not in found:
            raise BadScope(f"no scope {text!r}: community:CODE, street:CODE or district")
        return Scope(kind, code, found[code])

    def month(self, month: str) -> tuple[datetime, datetime]:
        """The month's start and end in UTC: "2026-11" → 2026-10-31T16:00Z, 2026-11-30T16:00Z."""
        year, number = int(month[:4]), int(month[5:7])
        start = datetime(year, number, 1, tzinfo=self.zone)
        end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=self.zone)
        return start.astimezone(UTC), end.astimezone(UTC)


def scopes_of(district: District) -> Scopes:
    """Communities are the grids at the assessment's community_level, streets the level above."""
    level = scoring_of(district).assessment.community_level
    under: dict[str, set[str]] = {}
    for grid in district.grids:
        node = grid
        while True:
            under.setdefault(node.code, set()).add(grid.code)
            if not node.parent:
                break
            node = district.grid(node.parent)
    by_level = {
        wanted: {g.code: frozenset(under[g.code]) for g in district.grids if g.level == wanted}
        for wanted in (level, level - 1)
    }
    zone = ZoneInfo(district.timezone)
    return Scopes(district.code, zone, by_level[level], by_level[level - 1])
