"""The life of a case in routing: who may do what to it, from which status, and what it leaves.

`apply(case, action)` returns the changed case or raises `Refused` with the reason in plain
words; it never returns the case unchanged. `allowed(case, actor)` names the actions that
`apply` would accept from that actor in the case's present state, given a well-formed action
(a reason where one is needed, the right tier, another owner).

Who does what (the whole table is `RULES`):
- the owner does the work: accept, start, reply, resolve, asks for a pause or an extension,
  resumes a pause, escalates (one tier up) and returns (one tier down);
- a supervisor approves or rejects the waiting request, resumes a pause, transfers,
  escalates, returns, closes and reopens;
- the system (the sweeper on a red light) may only escalate and close.

Statuses: assigned → accepted → in_progress → replied → resolved → closed. `OPEN` is the first
four: the work is under way and the clocks may run. A resolved case is not open (its work is
done, its clocks have stopped) and not yet closed: it can still be closed or reopened.

Rules beyond the table:
- transfer, escalate and return need a reason and the new owner, and send the case back to
  assigned for that owner to accept. Transfer keeps the tier unless `to_tier` says otherwise;
  escalate must name the next tier up the ladder and is refused at the top; return must name
  the next tier down and is refused at the bottom.
- reopen (resolved or closed → in_progress) needs a reason and counts in `reopened`.
- one request waits for a supervisor at a time; a pause cannot be asked for while one is in
  force. An approved pause starts at the approval; resume ends it and files it in `pauses`.
  An approved extension adds its seconds to its clock. Rejecting needs a reason.
- a pause, in force or asked for, does not block reply or resolve. Resolving ends a pause in
  force at the moment of resolution (every clock stops then anyway) and withdraws a waiting
  request, which is about a clock that no longer runs.
- transfer, escalation and return keep `pauses`, `paused_since`, `extensions` and a waiting
  request: paused time belongs to the case, not to its owner, and the clock arithmetic adds it
  back whoever holds the case and whatever policy applies later.
- reclassify (a supervisor, with a reason) moves the case to another class of SLA clocks,
  ordinary or complex; its pauses and extensions stay, so the new clocks count them too.
- times must carry their time zone; a pause cannot end, nor a request be decided, before it began.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

STATUSES = ("assigned", "accepted", "in_progress", "replied", "resolved", "closed")
OPEN = ("assigned", "accepted", "in_progress", "replied")
LADDER = ("grid", "community", "street", "district")

OWNER, SUPERVISOR, SYSTEM = "owner", "supervisor", "system"
ACTORS = (OWNER, SUPERVISOR, SYSTEM)
_SAYING = {OWNER: "the owner", SUPERVISOR: "a supervisor", SYSTEM: "the system"}
_NO_REQUEST = "there is no request waiting for a supervisor"


class Refused(ValueError):
    """The action is not allowed on this case; the message says why."""


@dataclass(frozen=True)
class Owner:
    kind: str  # grid_worker, community, street, district, department, ...
    id: str


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


@dataclass(frozen=True)
class Rule:
    phrase: str  # what the action does, for the reasons given with a refusal
    actors: tuple[str, ...]
    from_statuses: tuple[str, ...]
    to_status: str | None = None  # None: the status stays


_WORK, _OVERSIGHT = (OWNER,), (SUPERVISOR,)
RULES: dict[str, Rule] = {
    # action: Rule(what it does, who may, from which statuses, to which status)
    "accept": Rule("accept a case", _WORK, ("assigned",), "accepted"),
    "start": Rule("start work on a case", _WORK, ("accepted",), "in_progress"),
    "reply": Rule("reply to a case", _WORK, ("accepted", "in_progress"), "replied"),
    "resolve": Rule("resolve a case", _WORK, ("in_progress", "replied"), "resolved"),
    "close": Rule("close a case", (SUPERVISOR, SYSTEM), ("resolved",), "closed"),
    "reopen": Rule("reopen a case", _OVERSIGHT, ("resolved", "closed"), "in_progress"),
    "transfer": Rule("transfer a case", _OVERSIGHT, OPEN, "assigned"),
    "escalate": Rule("escalate a case", ACTORS, OPEN, "assigned"),
    "return": Rule("return a case", (OWNER, SUPERVISOR), OPEN, "assigned"),
    "request_pause": Rule("ask for a pause on a case", _WORK, OPEN),
    "request_extension": Rule("ask for an extension on a case", _WORK, OPEN),
    "approve": Rule("approve a request on a case", _OVERSIGHT, OPEN),
    "reject": Rule("reject a request on a case", _OVERSIGHT, OPEN),
    "resume": Rule("resume a paused case", (OWNER, SUPERVISOR), OPEN),
    "reclassify": Rule("reclassify a case", _OVERSIGHT, OPEN),
}


def apply(case: Case, action: Action, *, ladder: tuple[str, ...] = LADDER) -> Case:
    refusal = _why_not(case, action.name, action.actor, ladder)
    if refusal is not None:
        raise Refused(refusal)
    _require(action.at.utcoffset() is not None, "the time of an action must carry its time zone")
    changed = _STEPS[action.name](case, action, ladder)
    target = RULES[action.name].to_status
    return changed if target is None else replace(changed, status=target)


def allowed(case: Case, actor: str, *, ladder: tuple[str, ...] = LADDER) -> frozenset[str]:
    return frozenset(name for name in RULES if _why_not(case, name, actor, ladder) is None)


def _why_not(case: Case, name: str, actor: str, ladder: tuple[str, ...]) -> str | None:
    if name not in RULES:
        return f"unknown action {name!r}"
    if actor not in ACTORS:
        return (
            f"unknown actor {actor!r}: an action comes from the owner, a supervisor or the system"
        )
    rule = RULES[name]
    if actor not in rule.actors:
        return f"only {' or '.join(_SAYING[a] for a in rule.actors)} can {_phrase(case, name)}"
    if case.status not in rule.from_statuses:
        return f"cannot {rule.phrase} that is {case.status.replace('_', ' ')}"
    return _state_refusal(case, name, ladder)


def _phrase(case: Case, name: str) -> str:
    if name in ("approve", "reject") and case.pending is not None:
        return f"{name} the {case.pending.kind} request"
    return RULES[name].phrase


def _state_refusal(case: Case, name: str, ladder: tuple[str, ...]) -> str | None:
    if name in ("escalate", "return") and case.tier not in ladder:
        return f"tier {case.tier!r} is not on the ladder {', '.join(ladder)}"
    if name == "escalate" and case.tier == ladder[-1]:
        return f"the case is already at the top tier, {case.tier}"
    if name == "return" and case.tier == ladder[0]:
        return f"the case is already at the lowest tier, {case.tier}"
    if name.startswith("request_") and case.pending is not None:
        return f"a {case.pending.kind} request is already waiting for a supervisor"
    if name == "request_pause" and case.paused_since is not None:
        return "a pause is already in force"
    if name in ("approve", "reject") and case.pending is None:
        return _NO_REQUEST
    if name == "resume" and case.paused_since is None:
        return "no pause is in force"
    return None


def _require(condition: bool, refusal: str) -> None:
    if not condition:
        raise Refused(refusal)


def _require_reason(action: Action) -> None:
    _require(bool(action.reason.strip()), f"{action.name.replace('_', ' ')} needs a reason")


def _status_only(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    return case  # apply sets the status the rule names


def _resolve(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    return _end_pause(replace(case, pending=None), action.at)


def _resume(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    return _end_pause(case, action.at)


def _end_pause(case: Case, at: datetime) -> Case:
    if case.paused_since is None:
        return case
    _require(at >= case.paused_since, "a pause cannot end before it began")
    return replace(case, paused_since=None, pauses=(*case.pauses, (case.paused_since, at)))


def _reopen(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    _require_reason(action)
    return replace(case, reopened=case.reopened + 1)


def _transfer(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    _require_reason(action)
    owner = _new_owner(action, "the owner to transfer to")
    _require(owner != case.owner, "the case is already with that owner")
    tier = action.to_tier or case.tier
    _require(tier in ladder, f"tier {tier!r} is not on the ladder {', '.join(ladder)}")
    return replace(case, owner=owner, tier=tier)


def _escalate(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    return _move(case, action, ladder[ladder.index(case.tier) + 1])


def _return(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    return _move(case, action, ladder[ladder.index(case.tier) - 1])


def _move(case: Case, action: Action, tier: str) -> Case:
    _require_reason(action)
    _require(action.to_tier == tier, f"{action.name} from {case.tier} goes to {tier} only")
    return replace(case, tier=tier, owner=_new_owner(action, f"the owner at {tier}"))


def _new_owner(action: Action, who: str) -> Owner:
    if action.to_owner is None:
        raise Refused(f"{action.name} needs {who}")
    return action.to_owner


def _reclassify(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    _require_reason(action)
    new_class = action.category_class
    if not new_class:
        raise Refused("reclassify needs the class to move the case to")
    _require(new_class != case.category_class, "the case is of that class already")
    return replace(case, category_class=new_class)


def _request_pause(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    _require_reason(action)
    return replace(case, pending=Request("pause", action.reason, action.at))


def _request_extension(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    _require_reason(action)
    _require(bool(action.clock), "an extension must name its clock")
    seconds = action.extension_s
    _require(math.isfinite(seconds) and seconds > 0, "an extension must ask for some time")
    request = Request("extension", action.reason, action.at, seconds, action.clock)
    return replace(case, pending=request)


def _approve(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    request = _decided(case, action)
    if request.kind == "pause":
        return replace(case, pending=None, paused_since=action.at)
    return replace(case, pending=None, extensions=_extended(case, request))


def _extended(case: Case, request: Request) -> tuple[tuple[str, float], ...]:
    if request.clock is None:
        raise Refused("an extension must name its clock")
    seconds = dict(case.extensions)
    seconds[request.clock] = seconds.get(request.clock, 0.0) + request.extension_s
    return tuple(sorted(seconds.items()))


def _reject(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    _require_reason(action)
    _decided(case, action)
    return replace(case, pending=None)


def _decided(case: Case, action: Action) -> Request:
    request = case.pending
    if request is None:
        raise Refused(_NO_REQUEST)
    _require(action.at >= request.requested_at, "a request cannot be decided before it was made")
    return request


_STEPS: dict[str, Callable[[Case, Action, tuple[str, ...]], Case]] = {
    "accept": _status_only,
    "start": _status_only,
    "reply": _status_only,
    "resolve": _resolve,
    "close": _status_only,
    "reopen": _reopen,
    "transfer": _transfer,
    "escalate": _escalate,
    "return": _return,
    "request_pause": _request_pause,
    "request_extension": _request_extension,
    "approve": _approve,
    "reject": _reject,
    "reclassify": _reclassify,
    "resume": _resume,
}
