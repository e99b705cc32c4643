"""What a district's configuration holds, once loaded and validated: frozen values."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from shapely.geometry.base import BaseGeometry

ROLES = (
    "grid_worker",
    "grid_police",
    "grid_assistant",
    "grid_supervisor",
    "party_secretary",
    "judicial_officer",
    "fire_officer",
)
TIERS = ("grid", "community", "street", "district")
CLASSES = ("ordinary", "complex")


@dataclass(frozen=True)
class RosterMember:
    id: str
    role: str


@dataclass(frozen=True)
class Grid:
    code: str
    name: str
    level: int
    parent: str | None
    polygon: BaseGeometry | None
    roster: tuple[RosterMember, ...]

    @property
    def grid_worker(self) -> RosterMember | None:
        return next((member for member in self.roster if member.role == "grid_worker"), None)


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    category_class: str
    tier: str


@dataclass(frozen=True)
class District:
    """One district's configuration; `grid(code)` and `category(code)` raise KeyError."""

    code: str
    name: str
    timezone: str
    folder: Path
    grids: tuple[Grid, ...]
    categories: Mapping[str, Category] = field(hash=False)

    def grid(self, code: str) -> Grid:
        return self._grids_by_code[code]

    def leaf_grids(self) -> tuple[Grid, ...]:
        return self._leaf_grids

    def category(self, code: str) -> Category:
        return self.categories[code]

    @cached_property
    def _grids_by_code(self) -> dict[str, Grid]:
        return {grid.code: grid for grid in self.grids}

    @cached_property
    def _leaf_grids(self) -> tuple[Grid, ...]:
        parents = {grid.parent for grid in self.grids}
        return tuple(grid for grid in self.grids if grid.code not in parents)
