"""`deliberation:` against the rest of the district, for check-config: communities that are
grids, processes that exist, parties and actors that are known, and every role (listed in
district.yaml or in the roster CSV) in a body its community has. Each problem is a (field,
message) pair; a roster row's message starts with its file and line."""

from collections.abc import Iterable

from deliberation import roster
from deliberation.bodies import ASSEMBLY, PARTIES, listed_roles
from deliberation.config import Deliberation
from deliberation.processes import BODIES
from deliberation.role_checks import Placed, role_problems
from gongzhi.district import District
from gongzhi.district.model import ROLES

Problems = list[tuple[str, str]]


def check(deliberation: Deliberation, district: District) -> Problems:
    """What is wrong with the section against the district: (field, message) pairs."""
    return [
        *_group_problems(deliberation),
        *_community_problems(deliberation, district),
        *_process_problems(deliberation),
        *_reference_problems(deliberation),
        *_roster_problems(deliberation, district),
    ]


def _group_problems(deliberation: Deliberation) -> Problems:
    taken = {*PARTIES, *BODIES, *ROLES, ASSEMBLY}
    return [
        (f"groups.{code}", "already a party, a body or a grid role")
        for code in deliberation.groups
        if code in taken
    ]


def _community_problems(deliberation: Deliberation, district: District) -> Problems:
    codes = {grid.code for grid in district.grids}
    return [
        (f"communities[{index}].code", f"no grid {code!r} in the district's grid file")
        for index, code in enumerate(deliberation.communities)
        if code not in codes
    ]


def _process_problems(deliberation: Deliberation) -> Problems:
    parties = {*PARTIES, *deliberation.groups}
    actors = {*parties, *BODIES, *ROLES}
    found = []
    for n, process in enumerate(deliberation.processes.values()):
        for i, step in enumerate(process.steps):
            found += _unknown(f"processes[{n}].steps[{i}].by", step.by, actors, "who may act")
        if process.vote:
            found += _unknown(f"processes[{n}].vote.veto", process.vote.veto, parties, "party")
    return found


def _unknown(field: str, names: Iterable[str], known: set[str], what: str) -> Problems:
    return [
        (f"{field}[{index}]", f"unknown {what} {name!r}")
        for index, name in enumerate(names)
        if name not in known
    ]


def _reference_problems(deliberation: Deliberation) -> Problems:
    communities = deliberation.communities.values()
    named = [(f"communities[{n}].process", c.process) for n, c in enumerate(communities)]
    named += [
        ("default_process", deliberation.default_process),
        ("promotion.process", deliberation.promotion.process),
    ]
    named += [
        (f"must_deliberate[{n}].process", matter.process)
        for n, matter in enumerate(deliberation.must_deliberate.values())
    ]
    found = [
        (field, f"no process {name!r} under processes")
        for field, name in named
        if name and name not in deliberation.processes
    ]
    if deliberation.processes and not deliberation.default_process:
        found.append(("default_process", "required once there are processes"))
    return found


def _roster_problems(deliberation: Deliberation, district: District) -> Problems:
    placed = [
        Placed(f"communities[{n}].{field}", "", role)
        for n, community in enumerate(deliberation.communities.values())
        for field, role in listed_roles(community)
    ]
    name = deliberation.roster
    if name:
        try:
            rows = roster.read(district.folder / name)
        except roster.RosterProblems as bad:
            return [("roster", roster.where(name, *problem)) for problem in bad.problems]
        placed += [Placed("roster", f"{name}:{row.line}: ", row.role) for row in rows]
    return role_problems(placed, deliberation)
