"""Whether each role, listed in district.yaml or in the roster CSV, sits in a body its community
has: a community under `deliberation.communities`, one of its compounds, a party of the council
or of the Red Property four, an assembly party that is known, one assembly party a person, and
no role twice."""

from dataclasses import dataclass

from deliberation.bodies import ASSEMBLY, COUNCIL_PARTIES, PARTIES, RED_PROPERTY, Role
from deliberation.config import Deliberation
from gongzhi.personal import mask

Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class Placed:
    """A role and where it was given: its field in district.yaml, or the field `roster` with
    the prefix `roster.csv:12: ` naming the row."""

    field: str
    prefix: str
    role: Role

    @property
    def where(self) -> str:
        return self.prefix.rstrip(": ") or self.field

    def problem(self, message: str) -> tuple[str, str]:
        return self.field, self.prefix + message


def role_problems(placed: list[Placed], deliberation: Deliberation) -> Problems:
    found: Problems = []
    first: dict[Role, Placed] = {}
    assembly: dict[tuple[str, str], Placed] = {}
    for item in placed:
        messages = _body_problems(item.role, deliberation)
        if item.role in first:
            messages.append(f"the same role as {first[item.role].where}")
        elif item.role.body == ASSEMBLY:
            messages += _second_party(item, assembly)
        first.setdefault(item.role, item)
        found += [item.problem(message) for message in messages]
    return found


def _body_problems(role: Role, deliberation: Deliberation) -> list[str]:
    community = deliberation.communities.get(role.community)
    if community is None:
        return [f"community {mask(role.community)!r} is not under deliberation.communities"]
    if role.compound:
        if role.compound not in {compound.code for compound in community.compounds}:
            return [f"compound {mask(role.compound)!r} is not under its community's compounds"]
        return _unknown("party of a compound", role.body, RED_PROPERTY)
    if role.body == ASSEMBLY:
        return _unknown("assembly party", role.assembly_party, (*PARTIES, *deliberation.groups))
    return _unknown("council party", role.body, (*COUNCIL_PARTIES, *deliberation.groups))


def _unknown(what: str, name: str, known: tuple[str, ...]) -> list[str]:
    return [] if name in known else [f"unknown {what} {mask(name)!r}"]


def _second_party(item: Placed, assembly: dict[tuple[str, str], Placed]) -> list[str]:
    key = (item.role.community, item.role.person)
    earlier = assembly.setdefault(key, item)
    if earlier is item:
        return []
    party = earlier.role.assembly_party
    return [f"already in the assembly for {party!r} ({earlier.where}): one party a person"]
