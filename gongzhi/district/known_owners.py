"""Whether an owner a case may be given exists in the district. Routing gives cases to owners;
deliberation checks a plan's task by the same rule before the task becomes a case, so that a
code routing does not know is refused at plan time rather than dead-lettered in routing.
Services never import each other, so the rule lives here in the core.

Departments and the command centre are in routing's section of `district.yaml`: the caller
passes them, e.g. `unknown_owner(district, "department", "housing", {"housing"})` is None, and
`unknown_owner(district, "street", "999", ())` is "no street '999' in this district"."""

from collections.abc import Collection
from typing import Any

from gongzhi.district.model import District


def unknown_owner(
    district: District,
    kind: str,
    owner_id: str,
    departments: Collection[str],
    command_centre: str = "",
) -> str | None:
    """Why no such owner exists; None when one does. An owner is a department, a unit of the
    grid tree (community, street), the district (its command centre), or anyone on a grid's
    roster by their role."""
    if kind == "department":
        known = owner_id in departments
    elif kind in ("community", "street"):
        known = has_grid(district, owner_id)
    elif kind == "district":
        known = owner_id == (command_centre or district.code)
    else:
        known = any(m.id == owner_id and m.role == kind for g in district.grids for m in g.roster)
    return None if known else f"no {kind} {owner_id!r} in this district"


def has_grid(district: District, code: str) -> bool:
    try:
        district.grid(code)
    except KeyError:
        return False
    return True


def routing_owners(district: District) -> tuple[Collection[str], str] | None:
    """The departments and command centre routing's section names, for a service other than
    routing (which reads its own config); None when routing is not installed here."""
    routing: Any = district.sections.get("routing")
    if routing is None:
        return None
    return frozenset(routing.departments), routing.command_centre
