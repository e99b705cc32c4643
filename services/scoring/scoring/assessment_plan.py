"""What assessment needs of the district, read once at start: its `scoring.assessment:`
settings, its time zone (a month is the district's month, Asia/Shanghai) and the community
each grid lies in."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from gongzhi.district import District
from scoring.assessment_config import Assessment
from scoring.config import scoring_of

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Plan:
    assessment: Assessment
    zone: ZoneInfo
    communities: Mapping[str, str]  # grid code → the code of the community it lies in

    def month_of(self, at: datetime) -> str:
        """The district's month of an instant, e.g. 2026-11-30T17:00Z → "2026-12"."""
        return at.astimezone(self.zone).strftime("%Y-%m")

    def community_of(self, grid: str | None) -> str | None:
        return self.communities.get(grid) if grid else None

    def closed_month(self, now: datetime) -> str:
        """The newest month that has closed by `now`: the district's previous month."""
        local = now.astimezone(self.zone)
        year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
        return f"{year:04d}-{month:02d}"


def plan_of(district: District) -> Plan:
    assessment = scoring_of(district).assessment
    return Plan(assessment, ZoneInfo(district.timezone), _communities(district, assessment))


def _communities(district: District, assessment: Assessment) -> dict[str, str]:
    """Each grid at or below the community level, to its community's code."""
    found = {}
    for grid in district.grids:
        node = grid
        while node.level > assessment.community_level and node.parent:
            node = district.grid(node.parent)
        if node.level == assessment.community_level:
            found[grid.code] = node.code
    return found


def is_month(text: str) -> bool:
    return bool(MONTH.match(text))
