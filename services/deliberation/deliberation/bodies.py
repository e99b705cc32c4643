"""The bodies that deliberate and who sits on them: per community the "1+4+N" council and the
representatives' assembly (居民代表大会), per compound (小区) the Red Property four parties.

A person is an id (notify's directory holds names and phones); one person may hold several
roles (四职合一), so the people are kept as roles, one per person and body, whether they come
from `deliberation.communities` in district.yaml or from the roster CSV (roster.py):

    Role(community="620502001001", compound="", body="party_core", person="p-0001")
    Role(community="620502001001", compound="", body="assembly", person="p-0101",
         assembly_party="residents_representatives")

`Bodies` answers the questions the other modules ask of them: a council's parties and people,
an assembly as a vote will snapshot it, a compound's four parties, a person's roles.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from deliberation.standing import StandingMeeting
from gongzhi.personal import mask

PARTY_CORE = ("party_core",)  # the 1: the community party committee
FIXED_GROUPS = (  # the 4
    "residents_committee",
    "mediation_committee",
    "community_police",
    "residents_representatives",
)
STAKEHOLDERS = ("owners_committee", "property_company", "social_organisations")  # the N
COUNCIL_PARTIES = PARTY_CORE + FIXED_GROUPS + STAKEHOLDERS
RED_PROPERTY = (
    "party_organisation",
    "social_organisations",
    "owners_committee",
    "property_company",
)
PARTIES = tuple(dict.fromkeys(COUNCIL_PARTIES + RED_PROPERTY))
ASSEMBLY = "assembly"  # the body of an assembly member's role
PERSON_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")  # notify's directory's ids
COMPOUND_CODE = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")


def person_id_problem(value: str) -> str | None:
    """Why `value` is no person id, without repeating it (it may be a name or a phone)."""
    if not PERSON_ID.match(value):
        return (
            "not a person id: letters, digits, '.', '_' and '-' (names live in notify's directory)"
        )
    if mask(value) != value:
        return "looks like a phone number or an e-mail address (contacts are notify's)"
    return None


@dataclass(frozen=True)
class Role:
    """One person in one body: a party of `community`'s council (compound ""), a party of one
    of its compounds' four, or its assembly (body "assembly", with the party their vote is
    counted in)."""

    community: str
    compound: str
    body: str
    person: str
    assembly_party: str = ""


@dataclass(frozen=True)
class Compound:
    code: str
    name: str
    parties: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Community:
    """A community's bodies as district.yaml lists them (the roster CSV may add people)."""

    code: str
    process: str | None = None  # its default process; the district's default_process if None
    council: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    assembly: Mapping[str, str] = field(default_factory=dict, hash=False)  # person → party
    compounds: tuple[Compound, ...] = ()
    standing_meeting: StandingMeeting | None = None  # the district's if None


def listed_roles(community: Community) -> list[tuple[str, Role]]:
    """The roles `community` lists in district.yaml, each with its field inside the community."""
    code, roles = community.code, []
    for party, people in community.council.items():
        roles += [(f"council.{party}[{i}]", Role(code, "", party, p)) for i, p in enumerate(people)]
    for person, party in community.assembly.items():
        roles.append((f"assembly.{person}", Role(code, "", ASSEMBLY, person, party)))
    for n, compound in enumerate(community.compounds):
        for party, people in compound.parties.items():
            roles += [
                (f"compounds[{n}].parties.{party}[{i}]", Role(code, compound.code, party, p))
                for i, p in enumerate(people)
            ]
    return roles


@dataclass(frozen=True)
class Bodies:
    """Everyone's roles: those district.yaml lists and the roster CSV's (config.bodies_of)."""

    roles: tuple[Role, ...] = ()

    def council(self, community: str) -> Mapping[str, tuple[str, ...]]:
        """Each party of the community's council with its people, as listed."""
        return _grouped(
            r for r in self._of_community(community) if not r.compound and r.body != ASSEMBLY
        )

    def council_people(self, community: str) -> frozenset[str]:
        return frozenset(person for people in self.council(community).values() for person in people)

    def assembly(self, community: str) -> Mapping[str, str]:
        """The community's assembly, each member with the party their vote is counted in: what
        a vote takes as its roster when it opens."""
        members = self._of_community(community)
        return MappingProxyType({r.person: r.assembly_party for r in members if r.body == ASSEMBLY})

    def red_property(self, community: str, compound: str) -> Mapping[str, tuple[str, ...]]:
        """The compound's four parties (those listed) with their people."""
        return _grouped(r for r in self._of_community(community) if r.compound == compound)

    def roles_of(self, person: str) -> tuple[Role, ...]:
        return self._by_person.get(person, ())

    def _of_community(self, community: str) -> tuple[Role, ...]:
        return self._by_community.get(community, ())

    @cached_property
    def _by_community(self) -> dict[str, tuple[Role, ...]]:
        return _index(self.roles, lambda role: role.community)

    @cached_property
    def _by_person(self) -> dict[str, tuple[Role, ...]]:
        return _index(self.roles, lambda role: role.person)


def _grouped(roles: Iterable[Role]) -> Mapping[str, tuple[str, ...]]:
    people: dict[str, list[str]] = {}
    for role in roles:
        listed = people.setdefault(role.body, [])
        if role.person not in listed:
            listed.append(role.person)
    return MappingProxyType({body: tuple(listed) for body, listed in people.items()})


def _index(roles: tuple[Role, ...], key: Callable[[Role], str]) -> dict[str, tuple[Role, ...]]:
    found: dict[str, list[Role]] = {}
    for role in roles:
        found.setdefault(key(role), []).append(role)
    return {value: tuple(listed) for value, listed in found.items()}
