"""Assessment's facts, one row per thing that happened to a case, written once (through the
inbox) as routing's and the ratings' events come: a case received by an owner, its response
or reply clock stopped (on time or not), resolved, reopened, rated. A month's figures are
counted from them on read (assessment_views.py)."""

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from scoring.assessment_plan import Plan
from scoring.model import assessment_facts

STOPPED = ("response", "reply")  # the clocks whose stop is a figure
ACTIONS = {"resolve": "resolved", "reopen": "reopened"}


def record_transition(event: Event, *, session: Session, outbox: Outbox, plan: Plan) -> None:
    """A step of a case in routing, e.g. `{"issue_id": "i-1", "action": "reply", "owner":
    {"kind": "department", "id": "housing"}, "clocks": [...], "at": ...}`."""
    data = event.data
    at = _time(data["at"])
    grid = (data.get("grid") or {}).get("code")
    # Every row names on_time (None but for a stopped clock's): one INSERT of several rows
    # needs the same columns in each, as when a resolution also stops the reply clock.
    case = _case(data, at, plan) | {"community": plan.community_of(grid), "grid": grid}
    case |= {"on_time": None}
    rows = [{**case, "fact": "received"}] if data.get("from_owner") != data["owner"] else []
    rows += [
        {**case, "fact": clock["clock"], "on_time": on_time(clock)}
        for clock in data["clocks"]
        if clock["clock"] in STOPPED and _stopped_now(clock, at)
    ]
    if data["action"] in ACTIONS:
        rows.append({**case, "fact": ACTIONS[data["action"]]})
    if rows:
        session.execute(insert(assessment_facts), rows)


def record_rating(event: Event, *, session: Session, outbox: Outbox, plan: Plan) -> None:
    """A case's rating (scoring.rating.recorded.v1), counted for the owner it names."""
    data = event.data
    if not data.get("owner"):
        return  # a case rated before anyone owned it: nobody's figure
    at = _time(data["rated_at"])
    grid = _grid_of(session, data["issue_id"])
    case = _case(data, at, plan) | {"community": data.get("community"), "grid": grid}
    session.execute(insert(assessment_facts).values(**case, fact="rated", verdict=data["verdict"]))


def _grid_of(session: Session, issue: str) -> str | None:
    """The grid the case's steps named (routing's events come before its rating)."""
    query = select(assessment_facts.c.grid).where(
        assessment_facts.c.issue_id == issue, assessment_facts.c.grid.is_not(None)
    )
    return session.execute(query.limit(1)).scalar()


def on_time(clock: dict[str, Any]) -> bool:
    """A clock stopped by its deadline; with none (paused, unscheduled), by its light."""
    if clock.get("deadline"):
        return _time(clock["stopped_at"]) <= _time(clock["deadline"])
    return clock["light"] == "green"


def _case(data: dict[str, Any], at: datetime, plan: Plan) -> dict[str, Any]:
    owner = data["owner"]
    return {
        "issue_id": data["issue_id"],
        "owner_kind": owner["kind"],
        "owner_id": owner["id"],
        "category": data.get("category"),
        "month": plan.month_of(at),
        "at": at,
    }


def _stopped_now(clock: dict[str, Any], at: datetime) -> bool:
    return bool(clock.get("stopped_at")) and _time(clock["stopped_at"]) == at


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)
