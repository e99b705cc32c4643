"""What the lifecycle tests share: a moment, the owners, and a case just reported."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from routing.lifecycle import Action, Case, Owner, apply

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 5, 6, 9, 30, tzinfo=SHANGHAI)
GRID_WORKER = Owner("grid_worker", "gw-620502001001001")
COMMUNITY = Owner("community", "620502001001")
STREET = Owner("street", "620502001")
DISTRICT = Owner("district", "620502")
HOUSING = Owner("department", "housing")
NEEDS_A_REASON = (
    "transfer",
    "escalate",
    "return",
    "reopen",
    "request_pause",
    "request_extension",
    "reject",
    "reclassify",
)


def reported() -> Case:
    return Case("assigned", "grid", GRID_WORKER)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def by_owner(case: Case, name: str, hours: float = 0, **details) -> Case:
    return apply(case, Action(name, at(hours), "owner", **details))


def by_supervisor(case: Case, name: str, hours: float = 0, **details) -> Case:
    return apply(case, Action(name, at(hours), "supervisor", **details))


def by_system(case: Case, name: str, hours: float = 0, **details) -> Case:
    return apply(case, Action(name, at(hours), "system", **details))


def worked(case: Case, *names: str) -> Case:
    for name in names:
        case = by_owner(case, name)
    return case


def paused_ask() -> Case:
    return by_owner(worked(reported(), "accept"), "request_pause", reason="resident away")


def paused(hours: float = 1) -> Case:
    asked = by_owner(worked(reported(), "accept", "start"), "request_pause", reason="鉴定中")
    return by_supervisor(asked, "approve", hours)


def asked_for_extension(seconds: float, clock: str = "reply") -> Case:
    case = worked(reported(), "accept")
    return by_owner(
        case, "request_extension", reason="awaiting the housing office", clock=clock,
        extension_s=seconds,
    )  # fmt: skip
