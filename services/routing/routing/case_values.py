"""The plain values a case's life is made of: statuses, actors, the case, an action, the answer
it gives the resident, a request waiting for a supervisor, and a refusal. The rules that move
them are in lifecycle.py."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from gongzhi.district.model import TIERS

STATUSES = ("assigned", "accepted", "in_progress", "replied", "resolved", "closed")
OPEN = ("assigned", "accepted", "in_progress", "replied")
WAITING = ("assigned", "accepted", "in_progress")  # open, and the resident not yet answered
LADDER = TIERS

OWNER, SUPERVISOR, SYSTEM = "owner", "supervisor", "system"
ACTORS = (OWNER, SUPERVISOR, SYSTEM)
NO_REQUEST = "there is no request waiting for a supervisor"
# The steps that may carry an answer for the resident; resolve and decide must (办结情况告知).
ANSWERED = ("reply", "resolve", "return", "decide")


class Refused(ValueError):
    """The action is not allowed on this case; the message says why."""


@dataclass(frozen=True)
class Owner:
    kind: str  # grid_worker, community, street, district, department, ...
    id: str


@dataclass(frozen=True)
class Answer:
    """What the resident is told, apart from the internal reason: words, and photos if any."""

    text: str
    photos: tuple[str, ...] = ()  # http(s) URLs


@dataclass(frozen=True)
class Request:
    """A pause or an extension the owner asked for, waiting for a supervisor."""

    kind: Literal["pause", "extension"]
    reason: str
    requested_at: datetime
    extension_s: float = 0.0  # an extension: the clock seconds asked for
    clock: str | None = None  # an extension: which clock ("reply", "resolution", ...)


@dataclass(frozen=True)
class Case:
    status: str
    tier: str
    owner: Owner
    paused_since: datetime | None = None  # an approved pause in force
    pauses: tuple[tuple[datetime, datetime], ...] = ()  # approved pauses that have ended
    pending: Request | None = None
    extensions: tuple[tuple[str, float], ...] = ()  # (clock, approved seconds), sorted by clock
    reopened: int = 0
    category_class: str = "ordinary"  # which SLA clocks apply: ordinary or complex

    def extended_s(self, clock: str) -> float:
        return dict(self.extensions).get(clock, 0.0)


@dataclass(frozen=True)
class Action:
    name: str
    at: datetime
    actor: str  # "owner", "supervisor" or "system"
    reason: str = ""
    to_owner: Owner | None = None  # transfer, escalate, return
    to_tier: str | None = None  # transfer (optional), escalate, return
    clock: str | None = None  # request_extension
    extension_s: float = 0.0  # request_extension
    category_class: str | None = None  # reclassify
    answer: Answer | None = None  # reply, resolve (required), return


def require(condition: bool, refusal: str) -> None:
    if not condition:
        raise Refused(refusal)


def require_reason(action: Action) -> None:
    require(bool(action.reason.strip()), f"{action.name.replace('_', ' ')} needs a reason")
