"""Who may do what through routing's HTTP API, by the role of their API key.

| role        | reads cases, work views, stats | acts as owner    | acts as supervisor |
|-------------|--------------------------------|------------------|--------------------|
| grid_worker | yes                            | on its own cases | no                 |
| staff       | yes                            | on its own cases | no                 |
| supervisor  | yes                            | no               | on any case        |
| viewer      | yes                            | no               | no                 |

A grid_worker or staff key also reports its own co-handler tasks done (联动处置).

Its own cases: those whose owner id is the key's holder name, a grid worker id such as
gw-620502001001001 for a grid worker; a community or street code, or a department code such
as housing, for staff.

No key acts as the system: that is the sweeper's own actor. An action's `actor_id` is the key's
holder name, so the history says who did it; a body naming someone else is refused.
Issue keys with `gongzhi keys issue --service routing --name <holder> --role <role>`.
"""

from typing import Any

from sqlalchemy.orm import Session

from gongzhi.apikeys import Holder
from routing import cases
from routing.lifecycle import OWNER, SUPERVISOR

OWNER_ROLES = ("grid_worker", "staff")


class Forbidden(Exception):
    """The key may not do this; the message says why."""


class NotTheHolder(Exception):
    """The action names an actor_id other than the key's holder."""


def signed(action: dict[str, Any], holder: Holder) -> dict[str, Any]:
    """The action with the key's holder name as its actor_id."""
    given = action.get("actor_id")
    if given is not None and given != holder.name:
        raise NotTheHolder(f"actor_id {given!r} is not this key's holder {holder.name!r}")
    return {**action, "actor_id": holder.name}


def check(session: Session, holder: Holder, issue_id: str, actor: str) -> None:
    """Raise Forbidden unless the key may act as `actor` on the case. The case's row stays
    locked for the unit of work, so its owner cannot change between this and the action."""
    owner_id = None
    if actor == OWNER and holder.role in OWNER_ROLES:
        row = cases.load(session, issue_id)
        if row is None:
            return  # no such case: the action itself answers so
        owner_id = row["owner_id"]
    reason = refusal(holder, actor, owner_id)
    if reason is not None:
        raise Forbidden(reason)


def co_handler(holder: Holder) -> None:
    """Raise Forbidden unless the key may report a co-handler's task done (its own only:
    the task is found by the holder's name)."""
    if holder.role not in OWNER_ROLES:
        raise Forbidden(f"a {holder.role} key has no tasks to report done")


def refusal(holder: Holder, actor: str, owner_id: str | None) -> str | None:
    """Why the key may not act as `actor` on a case `owner_id` owns; None when it may."""
    if actor == SUPERVISOR and holder.role == "supervisor":
        return None
    if actor == OWNER and holder.role in OWNER_ROLES:
        if owner_id == holder.name:
            return None
        return f"{holder.name} does not own this case: {owner_id} does"
    return f"a {holder.role} key may not act as {actor}"
