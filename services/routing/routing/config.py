"""Routing's sections of `district.yaml`, once loaded: `sla:` (the SLA clocks) and `routing:`
(levels, departments, the routing table, the ladder). The working-day calendar is the core's.

The defaults are the seeds' numbers: the "12345 method" handles a matter within 4 natural hours;
Huizhou replies to ordinary matters within 5 working days and complex ones within 15, and a matter
still unreplied after 15 working days is red. The resolution clocks and the red limit of complex
matters are not in the seeds: they are ours, for a district to change.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from gongzhi.district import District

CLOCKS = ("response", "reply", "resolution")
UNITS = {"m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Duration:
    """`4h`, `5d`, `90m`: days on a working calendar are working days, hours working hours."""

    amount: int
    unit: str

    @property
    def seconds(self) -> int:
        return self.amount * UNITS[self.unit]

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    @classmethod
    def parse(cls, text: str) -> "Duration":
        """`5d` → Duration(5, "d"); ValueError for anything else."""
        amount, unit = text[:-1], text[-1:]
        if unit not in UNITS or not amount.isdigit():
            raise ValueError(f"{text!r} is not a duration like 90m, 4h or 5d")
        return cls(int(amount), unit)


@dataclass(frozen=True)
class ClockPolicy:
    within: Duration
    calendar: str  # "working" or "natural"
    red_after: Duration
    yellow_share: float | None = None  # yellow once this share of `within` is used

    @property
    def measure(self) -> Literal["natural", "working_days", "working_hours"]:
        """What one second of this clock is: natural time, a working date's, a working hour's."""
        if self.calendar == "natural":
            return "natural"
        return "working_days" if self.within.unit == "d" else "working_hours"

    @property
    def yellow_s(self) -> float:
        share = 1.0 if self.yellow_share is None else self.yellow_share
        return self.within.seconds * share


def _clock(within: str, calendar: str, red_after: str) -> ClockPolicy:
    return ClockPolicy(Duration.parse(within), calendar, Duration.parse(red_after))


DEFAULT_CLOCKS = MappingProxyType(
    {
        "ordinary": MappingProxyType(
            {
                "response": _clock("4h", "natural", "8h"),
                "reply": _clock("5d", "working", "15d"),
                "resolution": _clock("15d", "working", "30d"),
            }
        ),
        "complex": MappingProxyType(
            {
                "response": _clock("4h", "natural", "8h"),
                "reply": _clock("15d", "working", "25d"),
                "resolution": _clock("30d", "working", "45d"),
            }
        ),
    }
)


@dataclass(frozen=True)
class SlaPolicy:
    classes: Mapping[str, Mapping[str, ClockPolicy]] = field(
        default_factory=DEFAULT_CLOCKS.copy, hash=False
    )
    warn_before: Duration = Duration(4, "h")  # natural time before yellow or red: tell supervisors

    def clocks(self, category_class: str) -> Mapping[str, ClockPolicy]:
        return self.classes[category_class]


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    kind: str = "department"  # or "mediation": a specialised mediation centre


@dataclass(frozen=True)
class CoHandler:
    owner: str  # an owner spec, as in Route.owners
    task: str


@dataclass(frozen=True)
class Route:
    """Who owns a category at each tier. An owner spec is `unit` (the tier's own unit: the
    community workstation, the street sub-centre, the district command centre), `worker:<role>`
    (the roster member of that role on the grid node of the tier) or `department:<code>`."""

    category: str
    owners: Mapping[str, str] = field(default_factory=dict, hash=False)
    co_handlers: tuple[CoHandler, ...] = ()

    def owner(self, tier: str) -> str:
        return self.owners.get(tier, "worker:grid_worker" if tier == "grid" else "unit")


_LEVELS = MappingProxyType({"street": 1, "community": 2})  # the grid tier is the leaf grid


@dataclass(frozen=True)
class RoutingPolicy:
    levels: Mapping[str, int] = field(
        default_factory=_LEVELS.copy, hash=False
    )  # tier → level of its unit
    departments: Mapping[str, Department] = field(default_factory=dict, hash=False)
    table: Mapping[str, Route] = field(default_factory=dict, hash=False)
    ladder: tuple[str, ...] = ("grid", "community", "street", "district")
    nearest_grid_m: float = 0.0
    command_centre: str = ""  # who owns the district tier; the district's code by default
    on_transfer: str = "keep"  # clocks keep running, or "restart"
    on_escalation: str = "restart"
    # A case reopened by an unsatisfied rating (一事一评): its resolution clock starts again
    # ("restart") or runs on from when it first started ("continue"). A supervisor's reopening
    # always restarts it.
    on_unsatisfied: str = "restart"

    def route(self, category: str) -> Route:
        return self.table.get(category) or Route(category)


def routing_of(district: District) -> RoutingPolicy:
    policy: RoutingPolicy = district.section("routing")
    return policy


def sla_of(district: District) -> SlaPolicy:
    policy: SlaPolicy = district.section("sla")
    return policy
