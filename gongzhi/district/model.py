"""What a district's configuration holds, once loaded and validated: frozen values."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from gongzhi.district.calendar import CalendarPolicy

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
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")


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
class AttributeValue:
    key: str
    name: str
    stopper: bool = False  # an answer that means "not for us: call 110/119/120 now"


@dataclass(frozen=True)
class Attribute:
    """A question a report of this category answers (an Open311 service attribute)."""

    code: str
    datatype: str
    description: str
    order: int
    required: bool = False
    variable: bool = True
    datatype_description: str = ""
    values: tuple[AttributeValue, ...] = ()


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    category_class: str
    tier: str
    description: str = ""
    group: str = ""
    keywords: tuple[str, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    private: bool = False  # its reports never appear in a public view (family disputes ...)


@dataclass(frozen=True)
class District:
    """One district's configuration; `grid(code)` and `category(code)` raise KeyError.

    The shared part is read by every service; `sections` holds what each installed service's
    own sections of `district.yaml` loaded into (see `sections.Section`), by key."""

    code: str
    name: str
    timezone: str
    folder: Path
    grids: tuple[Grid, ...]
    categories: Mapping[str, Category] = field(hash=False)
    calendar: CalendarPolicy = field(default_factory=CalendarPolicy)
    sections: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def grid(self, code: str) -> Grid:
        return self._grids_by_code[code]

    def leaf_grids(self) -> tuple[Grid, ...]:
        return self._leaf_grids

    def category(self, code: str) -> Category:
        return self.categories[code]

    def section(self, key: str) -> Any:
        """What a service's section `key` loaded into; KeyError if no installed service owns it."""
        return self.sections[key]

    @cached_property
    def _grids_by_code(self) -> dict[str, Grid]:
        return {grid.code: grid for grid in self.grids}

    @cached_property
    def _leaf_grids(self) -> tuple[Grid, ...]:
        parents = {grid.parent for grid in self.grids}
        return tuple(grid for grid in self.grids if grid.code not in parents)
