"""What each action does to a case, once lifecycle.py's table has allowed it."""

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from routing.case_values import (
    NO_REQUEST,
    WAITING,
    Action,
    Case,
    Owner,
    Refused,
    Request,
    require,
    require_reason,
)


def _status_only(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    return case  # apply sets the status the rule names


def _resolve(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    answered = action.answer is not None and bool(action.answer.text.strip())
    require(answered, "resolve needs an answer for the resident")
    return _end_pause(replace(case, pending=None), action.at)


def _decide(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    answered = action.answer is not None and bool(action.answer.text.strip())
    require(answered, "a council's decision needs its words for the residents")
    return replace(case, status="replied") if case.status in WAITING else case


def _resume(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    return _end_pause(case, action.at)


def _end_pause(case: Case, at: datetime) -> Case:
    if case.paused_since is None:
        return case
    require(at >= case.paused_since, "a pause cannot end before it began")
    return replace(case, paused_since=None, pauses=(*case.pauses, (case.paused_since, at)))


def _reopen(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    require_reason(action)
    return replace(case, reopened=case.reopened + 1)


def _transfer(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    require_reason(action)
    owner = _new_owner(action, "the owner to transfer to")
    require(owner != case.owner, "the case is already with that owner")
    tier = action.to_tier or case.tier
    require(tier in ladder, f"tier {tier!r} is not on the ladder {', '.join(ladder)}")
    return replace(case, owner=owner, tier=tier)


def _escalate(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    return _move(case, action, ladder[ladder.index(case.tier) + 1])


def _return(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    return _move(case, action, ladder[ladder.index(case.tier) - 1])


def _move(case: Case, action: Action, tier: str) -> Case:
    require_reason(action)
    require(action.to_tier == tier, f"{action.name} from {case.tier} goes to {tier} only")
    return replace(case, tier=tier, owner=_new_owner(action, f"the owner at {tier}"))


def _new_owner(action: Action, who: str) -> Owner:
    if action.to_owner is None:
        raise Refused(f"{action.name} needs {who}")
    return action.to_owner


def _reclassify(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    require_reason(action)
    new_class = action.category_class
    if not new_class:
        raise Refused("reclassify needs the class to move the case to")
    require(new_class != case.category_class, "the case is of that class already")
    return replace(case, category_class=new_class)


def _request_pause(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    require_reason(action)
    return replace(case, pending=Request("pause", action.reason, action.at))


def _request_extension(case: Case, action: Action, ladder: tuple[str, ...]) -> Case:
    require_reason(action)
    require(bool(action.clock), "an extension must name its clock")
    seconds = action.extension_s
    require(math.isfinite(seconds) and seconds > 0, "an extension must ask for some time")
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
    require_reason(action)
    _decided(case, action)
    return replace(case, pending=None)


def _decided(case: Case, action: Action) -> Request:
    request = case.pending
    if request is None:
        raise Refused(NO_REQUEST)
    require(action.at >= request.requested_at, "a request cannot be decided before it was made")
    return request


STEPS: dict[str, Callable[[Case, Action, tuple[str, ...]], Case]] = {
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
    "decide": _decide,
    "reclassify": _reclassify,
    "resume": _resume,
}
