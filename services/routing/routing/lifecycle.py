"""The life of a case in routing: who may do what to it, from which status, and what it leaves.

`apply(case, action)` returns the changed case or raises `Refused` with the reason in plain
words; it never returns the case unchanged, but for a council's decision on a case already
replied to, resolved or closed, which only files the answer. `allowed(case, actor)` names the
actions that `apply` would accept from that actor in the case's present state, given a
well-formed action (a reason or an answer where one is needed, the right tier, another owner).

Who does what (the whole table is `RULES`):
- the owner does the work: accept, start, reply, resolve, asks for a pause or an extension,
  resumes a pause, escalates (one tier up) and returns (one tier down);
- a supervisor approves or rejects the waiting request, resumes a pause, transfers,
  escalates, returns, closes and reopens;
- the system may only escalate and close (the sweeper on a red light), and reopen (a resident's
  or a follow-up's unsatisfied rating, ratings.py).

Statuses: assigned → accepted → in_progress → replied → resolved → closed. `OPEN` is the first
four: the work is under way and the clocks may run. A resolved case is not open (its work is
done, its clocks have stopped) and not yet closed: it can still be closed or reopened.

Rules beyond the table:
- transfer, escalate and return need a reason and the new owner, and send the case back to
  assigned for that owner to accept. Transfer keeps the tier unless `to_tier` says otherwise;
  escalate must name the next tier up the ladder and is refused at the top; return must name
  the next tier down and is refused at the bottom.
- resolve needs an answer for the resident (what was done, 办结情况告知); reply and return
  may carry one; no other action does. The answer is apart from the internal reason.
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
- decide (the system, for a council) gives the case its matter's decision as the answer: a case
  still waiting for one is replied to by it (its reply clock stops), one further on keeps its
  status, and the answer is on record either way. The owner still resolves the case.
- reclassify (a supervisor, with a reason) moves the case to another class of SLA clocks,
  ordinary or complex; its pauses and extensions stay, so the new clocks count them too.
- times must carry their time zone; a pause cannot end, nor a request be decided, before it began.
"""

from dataclasses import dataclass, replace

from routing.case_steps import STEPS
from routing.case_values import (
    ACTORS,
    ANSWERED,
    LADDER,
    NO_REQUEST,
    OPEN,
    OWNER,
    STATUSES,
    SUPERVISOR,
    SYSTEM,
    WAITING,
    Action,
    Answer,
    Case,
    Owner,
    Refused,
    Request,
    require,
)

__all__ = [  # the lifecycle's public names, its values included
    "ACTORS",
    "ANSWERED",
    "LADDER",
    "OPEN",
    "OWNER",
    "RULES",
    "STATUSES",
    "SUPERVISOR",
    "SYSTEM",
    "WAITING",
    "Action",
    "Answer",
    "Case",
    "Owner",
    "Refused",
    "Request",
    "allowed",
    "apply",
]
_SAYING = {OWNER: "the owner", SUPERVISOR: "a supervisor", SYSTEM: "the system"}


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
    "reopen": Rule("reopen a case", (SUPERVISOR, SYSTEM), ("resolved", "closed"), "in_progress"),
    "transfer": Rule("transfer a case", _OVERSIGHT, OPEN, "assigned"),
    "escalate": Rule("escalate a case", ACTORS, OPEN, "assigned"),
    "return": Rule("return a case", (OWNER, SUPERVISOR), OPEN, "assigned"),
    "request_pause": Rule("ask for a pause on a case", _WORK, OPEN),
    "request_extension": Rule("ask for an extension on a case", _WORK, OPEN),
    "approve": Rule("approve a request on a case", _OVERSIGHT, OPEN),
    "reject": Rule("reject a request on a case", _OVERSIGHT, OPEN),
    "resume": Rule("resume a paused case", (OWNER, SUPERVISOR), OPEN),
    "reclassify": Rule("reclassify a case", _OVERSIGHT, OPEN),
    "decide": Rule("answer a case with a council's decision", (SYSTEM,), STATUSES),
}


def apply(case: Case, action: Action, *, ladder: tuple[str, ...] = LADDER) -> Case:
    refusal = _why_not(case, action.name, action.actor, ladder)
    if refusal is not None:
        raise Refused(refusal)
    require(action.at.utcoffset() is not None, "the time of an action must carry its time zone")
    require(action.answer is None or action.name in ANSWERED, f"{action.name} takes no answer")
    changed = STEPS[action.name](case, action, ladder)
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
        return NO_REQUEST
    if name == "resume" and case.paused_since is None:
        return "no pause is in force"
    return None
