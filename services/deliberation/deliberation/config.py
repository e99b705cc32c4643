"""Deliberation's section of `district.yaml`, `deliberation:`: who deliberates, how, and on what.

    deliberation:
      roster: roster.csv       # long rosters (roster.py), relative to the district folder
      groups: {...}            # the district's own parties or groups, code → name
      communities: [...]       # per community: its process, council, assembly, compounds
      processes: [...]         # processes.py: steps, who acts, deadlines, vote rules
      default_process: ...     # the process of a community that names none
      must_deliberate: [...]   # matters that must be deliberated, each with its process
      promotion: {...}         # when routing's cases become a matter by themselves
      review_checklist: [...]  # what the party committee checks in review
      standing_meeting: {...}  # standing.py: the monthly meeting, unless a community has its own

`deliberation_of(district)` is the section as loaded; `bodies_of(district)` is everyone's roles,
those listed here and the roster's. The schemas are in config_schema.py, the checks against the
district (grid codes, parties, the roster) in config_checks.py.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from deliberation import roster
from deliberation.bodies import Bodies, Community, listed_roles
from deliberation.processes import Process
from deliberation.standing import StandingMeeting
from gongzhi.district import District


@dataclass(frozen=True)
class ListedMatter:
    """A kind of matter the district must deliberate (城乡社区协商事项目录): maintenance funds,
    property fees, parking, public works ..."""

    code: str
    name: str
    process: str


@dataclass(frozen=True)
class Promotion:
    """When routing's cases become a matter with no supervisor promoting them; None is off."""

    co_reports: int | None = None  # a case with at least this many co-reports (附议)
    escalated_to: str | None = None  # a case escalated to this tier ("street") or above
    red_times: int | None = None  # a case whose light has turned red this many times
    process: str | None = None  # the process a promoted matter uses; None: its community's
    join_open: bool = False  # a case the rule promotes joins its community's open one


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    name: str


DEFAULT_CHECKLIST = (ChecklistItem("lawful", "合法合规"), ChecklistItem("sound", "切实可行"))


@dataclass(frozen=True)
class Deliberation:
    roster: str | None = None
    groups: Mapping[str, str] = field(default_factory=dict, hash=False)
    communities: Mapping[str, Community] = field(default_factory=dict, hash=False)
    processes: Mapping[str, Process] = field(default_factory=dict, hash=False)
    default_process: str | None = None
    must_deliberate: Mapping[str, ListedMatter] = field(default_factory=dict, hash=False)
    promotion: Promotion = field(default_factory=Promotion)
    review_checklist: tuple[ChecklistItem, ...] = DEFAULT_CHECKLIST
    standing_meeting: StandingMeeting = field(default_factory=StandingMeeting)

    def process_for(self, community: str) -> Process:
        """The process a matter of `community` follows unless it says otherwise; KeyError when
        the district has none."""
        listed = self.communities.get(community)
        chosen = listed.process if listed and listed.process else self.default_process
        if chosen is None:
            raise KeyError(f"no process for {community!r}: the district has no default_process")
        return self.processes[chosen]

    def promoted_process(self, community: str) -> Process:
        """The process a matter promoted from routing's cases follows."""
        chosen = self.promotion.process
        return self.processes[chosen] if chosen else self.process_for(community)

    def meeting_of(self, community: str) -> StandingMeeting:
        listed = self.communities.get(community)
        own = listed.standing_meeting if listed else None
        return own or self.standing_meeting


def deliberation_of(district: District) -> Deliberation:
    deliberation: Deliberation = district.section("deliberation")
    return deliberation


def bodies_of(district: District) -> Bodies:
    """Everyone's roles in the district: those district.yaml lists, then the roster's. Read
    once at start; roster.RosterProblems if the roster is bad (check-config says so first)."""
    deliberation = deliberation_of(district)
    listed = [role for c in deliberation.communities.values() for _, role in listed_roles(c)]
    rows = roster.read(district.folder / deliberation.roster) if deliberation.roster else []
    return Bodies(tuple(listed) + tuple(row.role for row in rows))
