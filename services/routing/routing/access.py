"""Who may do what through routing's HTTP API, by the role of their API key.

| role        | reads cases, work views, stats | acts as the case's owner                 | acts as supervisor |
|-------------|--------------------------------|------------------------------------------|--------------------|
| grid_worker | yes                            | on cases whose owner id is the key's holder name (gw-620502001001001) | no |
| staff       | yes                            | the same, for a community or street code or a department code (housing) | no |
| supervisor  | yes                            | no                                       | on any case of the district |
| viewer      | yes                            | no                                       | no                 |

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


class NotTheHolder(ValueError):
    """The action names an actor_id other than the key's holder."""


def signed(action: dict[str, Any], holder: Holder) -> dict[str, Any]:
    """The action with the key's holder name as its actor_id."""
    given = action.get("actor_id")
    if given is not None and given != holder.name:
        raise NotTheHolder(f"actor_id {given!r} is not this key's holder {holder.name!r}")
    return {**action, "actor_id": holder.name}


def check(session: Session, holder: Holder, issue_id: str, actor: str) -> None:
    """Raise Forbidden unless the key may act as `actor` on the case; an unknown case passes,
    for the action to answer that it does not exist. The case's row stays locked for the unit
    of work, so its owner cannot change between this check and the action."""
    if actor == OWNER and holder.role in OWNER_ROLES:
        row = cases.load(session, issue_id)
        owner_id = row["owner_id"] if row is not None else holder.name
    else:
        owner_id = None
    reason = refusal(holder, actor, owner_id)
    if reason is not None:
        raise Forbidden(reason)


def refusal(holder: Holder, actor: str, owner_id: str | None) -> str | None:
    """Why the key may not act as `actor` on a case `owner_id` owns; None when it may."""
    if actor == SUPERVISOR and holder.role == "supervisor":
        return None
    if actor == OWNER and holder.role in OWNER_ROLES:
        if owner_id == holder.name:
            return None
        return f"{holder.name} does not own this case: {owner_id} does"
    return f"a {holder.role} key may not act as {actor}"
