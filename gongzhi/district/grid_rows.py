"""A grid's row in the import format (CSV), checked by plain functions.

Loading 15,767 rows and their polygons through marshmallow schemas took 7.3 s under cProfile,
5.6 s of it in marshmallow; with these checks the whole load takes about 2 s (unprofiled, on
2 cores). The rules are the GeoJSON schema's, written for text.
"""

import re
from collections.abc import Iterator
from typing import Any, TypeGuard

from shapely.geometry.base import BaseGeometry

from gongzhi.district.model import ROLES, Grid, RosterMember

_DIGITS = re.compile(r"[0-9]+")
NOT_A_CODE = "must be an administrative code: digits"
Errors = list[tuple[str, str]]  # (column, message)


def is_code(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and _DIGITS.fullmatch(value) is not None


def row_grid(row: dict[str, str], polygon: BaseGeometry | None) -> tuple[Grid | None, Errors]:
    """The grid on `row` (cells by column name), or None and what is wrong, by column."""
    roster, roster_errors = _roster(row["roster"])
    errors = [*_cell_errors(row), *roster_errors]
    if errors:
        return None, errors
    level, parent = int(row["level"]), row["parent"] or None
    return Grid(row["code"], row["name"], level, parent, polygon, roster), []


def _cell_errors(row: dict[str, str]) -> Iterator[tuple[str, str]]:
    if not is_code(row["code"]):
        yield "code", NOT_A_CODE
    if not row["name"].strip():
        yield "name", "must not be empty"
    if not _DIGITS.fullmatch(row["level"]) or int(row["level"]) < 1:
        yield "level", f"must be a whole number from 1, not {row['level']!r}"
    if row["parent"] and not is_code(row["parent"]):
        yield "parent", f"{NOT_A_CODE}, or empty on level 1"


def _roster(text: str) -> tuple[tuple[RosterMember, ...], Errors]:
    """`role:id;role:id`, or empty for no one."""
    members, errors = [], []
    items = [item.strip() for item in text.split(";") if item.strip()]
    for number, item in enumerate(items, 1):
        role, colon, member_id = (part.strip() for part in item.partition(":"))
        if not colon or not member_id:
            errors.append(("roster", f"item {number} {item!r} is not role:id"))
        elif role not in ROLES:
            known = ", ".join(ROLES)
            errors.append(("roster", f"item {number}: unknown role {role!r}, one of: {known}"))
        else:
            members.append(RosterMember(member_id, role))
    return tuple(members), errors
