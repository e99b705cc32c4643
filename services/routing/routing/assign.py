"""Who owns a report: its grid, its tier, its owner and co-handlers, from the district's routing
table. Plain functions over the district's configuration: the dry run and the live handler
call the same ones.
"""

from dataclasses import dataclass

from gongzhi.district import District, Grid, known_owners
from routing.config import routing_of
from routing.lifecycle import Owner
from routing.model import GridIndex


@dataclass(frozen=True)
class Decision:
    grid: Grid | None
    placed: str  # "inside", "nearest" or "none" (no point, or too far from every grid)
    tier: str
    owner: Owner
    co_handlers: tuple[tuple[Owner, str], ...]
    community: str | None  # the code of the community the grid lies in


def decide(
    district: District, index: GridIndex, category: str, point: tuple[float, float] | None
) -> Decision:
    """`point` is (long, lat) in WGS-84; none for an address alone (the street places it)."""
    placement = index.place(*point) if point else None
    grid = placement.grid if placement else None
    tier = district.category(category).tier
    if grid is None and _rank(district, tier) < _rank(district, "street"):
        tier = "street"  # nowhere to send it below the street: the street places it
    route = routing_of(district).route(category)
    return Decision(
        grid=grid,
        placed=placement.how if placement else "none",
        tier=tier,
        owner=owner_of(district, grid, tier, route.owner(tier)),
        co_handlers=tuple(
            (owner_of(district, grid, tier, c.owner), c.task) for c in route.co_handlers
        ),
        community=_code(unit_at(district, grid, "community")) if grid else None,
    )


def reassign(district: District, grid_code: str | None, category: str, tier: str) -> Owner:
    """The owner of a case at another tier: for escalation, return and transfer by tier."""
    grid = district.grid(grid_code) if grid_code else None
    return owner_of(district, grid, tier, routing_of(district).route(category).owner(tier))


def unknown_owner(district: District, owner: Owner) -> str | None:
    """Why no such owner exists in the district; None when one does. A transfer may name a
    department, a unit of the grid tree, the command centre, or anyone on a grid's roster
    (the core's rule, which deliberation checks a plan's tasks by too)."""
    routing = routing_of(district)
    departments, centre = routing.departments, routing.command_centre
    return known_owners.unknown_owner(district, owner.kind, owner.id, departments, centre)


def next_tier(district: District, tier: str, step: int) -> str | None:
    """The tier `step` rungs up (1) or down (-1) the district's ladder; none past its ends."""
    ladder = routing_of(district).ladder
    position = ladder.index(tier) + step if tier in ladder else -1
    return ladder[position] if 0 <= position < len(ladder) else None


def owner_of(district: District, grid: Grid | None, tier: str, spec: str) -> Owner:
    """An owner spec (`unit`, `worker:<role>`, `department:<code>`) made concrete."""
    if spec.startswith("department:"):
        return Owner("department", spec.removeprefix("department:"))
    node = unit_at(district, grid, tier)
    if spec.startswith("worker:"):
        member = _member(district, node, spec.removeprefix("worker:"))
        if member is not None:
            return Owner(member.role, member.id)
    return _unit_owner(district, node, tier)


def unit_at(district: District, grid: Grid | None, tier: str) -> Grid | None:
    """The grid node that stands for `tier` above `grid`: the leaf itself for the grid tier,
    its ancestor at the configured level for the community and the street; the top of the
    tree when there is no grid."""
    if tier == "district":
        return None
    if grid is None:
        return district.grids[0] if district.grids else None
    if tier == "grid":
        return grid
    level = routing_of(district).levels.get(tier, 1)
    node: Grid | None = grid
    while node is not None and node.level > level:
        node = district.grid(node.parent) if node.parent else None
    return node


def _unit_owner(district: District, node: Grid | None, tier: str) -> Owner:
    if node is None or tier == "district":
        return Owner("district", routing_of(district).command_centre or district.code)
    if tier == "grid":  # a leaf grid with nobody of the role: its community takes it
        return Owner("community", _code(_parent(district, node)) or node.code)
    return Owner(tier, node.code)  # the community workstation or the street sub-centre


def _member(district: District, node: Grid | None, role: str):
    """The first roster member of `role` on `node` or, failing that, on its ancestors."""
    while node is not None:
        found = next((m for m in node.roster if m.role == role), None)
        if found is not None:
            return found
        node = _parent(district, node)
    return None


def _parent(district: District, node: Grid) -> Grid | None:
    return district.grid(node.parent) if node.parent else None


def _code(node: Grid | None) -> str | None:
    return node.code if node is not None else None


def _rank(district: District, tier: str) -> int:
    ladder = routing_of(district).ladder
    return ladder.index(tier) if tier in ladder else len(ladder)
