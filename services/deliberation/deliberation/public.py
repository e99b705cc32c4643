"""The public view of a matter (两公开), shared by the JSON API and the board's pages: what was
decided and what came of it, and nothing about anyone. Plain functions over rows as board.py
reads them.

Shown: the title and description with personal data masked (gongzhi.personal), the process and
its steps with their dates, the plan's tasks with their state (an owner that is a person shows
as its kind, not by id), once evaluated the ratings per verdict and the review date, and a
closed vote's result: the tally per party, turnout of the eligible, carried or not
with every reason in words (words.py). Of an open vote only that it is open and since when: no
partial tally anywhere. No person's name, contact or id: parties and counts only. Fields are
shown by name, so a column added later stays out until it is named here. What these give is
plain JSON (times as ISO 8601 text), served as it is: public_schemas.py describes it for the
OpenAPI document, and the fuzz test holds the answers to it (dumping through marshmallow took
two thirds of a page's time).
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from deliberation import words
from deliberation.config import Deliberation
from gongzhi import personal

# Owners of a task shown by their code: bodies, not people. Any other kind (a person, a
# volunteer) shows as its kind alone, never its id.
PUBLIC_OWNERS = ("department", "mediation", "unit", "grid", "community", "street", "district")


def matter_summary(row: Mapping[str, Any], deliberation: Deliberation) -> dict[str, Any]:
    """A matter in a community's list of decisions."""
    return {
        "id": row["id"],
        "community": row["community"],
        "title": personal.mask(row["title"]),
        "process": process(row["process"], deliberation),
        "status": row["status"],
        "status_name": words.STATUS_NAMES.get(row["status"], row["status"]),
        "vote": vote(row, deliberation),
    }


def matter_detail(
    row: Mapping[str, Any],
    history: Sequence[Mapping[str, Any]],
    plan: Mapping[str, Any] | None,
    deliberation: Deliberation,
) -> dict[str, Any]:
    """A matter in full, as the public may see it."""
    return {
        **matter_summary(row, deliberation),
        "description": personal.mask(row["description"]),
        "step": step(row["process"], row["step"], deliberation),
        "created_at": iso(row["created_at"]),
        "steps": [entered(row["process"], e, deliberation) for e in history],
        "plan": public_plan(plan) if plan else None,
    }


def process(process_id: str, deliberation: Deliberation) -> dict[str, str]:
    known = deliberation.processes.get(process_id)
    return {"id": process_id, "name": known.name if known else process_id}


def step(process_id: str, step_id: str, deliberation: Deliberation) -> dict[str, str]:
    known = deliberation.processes.get(process_id)
    names = {s.id: s.name for s in known.steps} if known else {}
    return {"id": step_id, "name": names.get(step_id, step_id)}


def entered(process_id: str, entry: Mapping[str, Any], deliberation: Deliberation) -> dict:
    """One move of the matter, from its chain: the step it entered (or ended at), when, why."""
    return {
        **step(process_id, entry["step"], deliberation),
        "status": entry["status"],
        "status_name": words.STATUS_NAMES.get(entry["status"], entry["status"]),
        "at": iso(entry["at"]),
        "due_at": iso(entry["due_at"]),
        "why": entry["why"],
    }


def public_plan(plan: Mapping[str, Any]) -> dict[str, Any]:
    tasks = [
        {
            "title": personal.mask(task["title"]),
            "owner": owner(task["owner_kind"], task["owner_id"]),
            "due_at": iso(task["due_at"]),
            "state": task["state"],
            "state_name": words.TASK_STATE_NAMES.get(task["state"], task["state"]),
        }
        for task in plan["tasks"]
    ]
    summary = personal.mask(plan["summary"])
    return {"summary": summary, "written_at": iso(plan["written_at"]), "tasks": tasks}


def outcome(found: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A closed evaluation: the ratings per verdict (satisfied, basically, unsatisfied) and
    the review date that brings the matter back, if set; None before one closed."""
    if found is None:
        return None
    review_on = found["review_on"]
    return {
        "counts": {verdict: found["counts"].get(verdict, 0) for verdict in words.VERDICT_NAMES},
        "review_on": review_on.isoformat() if review_on else None,
        "closed_at": iso(found["closed_at"]),
    }


def owner(kind: str, owner_id: str) -> str:
    """A department or a unit by its code; a person by the kind alone."""
    return f"{kind}:{owner_id}" if kind in PUBLIC_OWNERS else kind


def vote(row: Mapping[str, Any], deliberation: Deliberation) -> dict[str, Any] | None:
    """None before a vote opens; while it is open, only that it is; once closed, its result."""
    if row.get("opened_at") is None:
        return None
    if row.get("closed_at") is None or row.get("result") is None:
        return {"state": "open", "opened_at": iso(row["opened_at"])}
    return closed(row, deliberation.groups)


def closed(row: Mapping[str, Any], groups: Mapping[str, str]) -> dict[str, Any]:
    result, majority = row["result"], row["rules"]["majority"]
    return {
        "state": "closed",
        "opened_at": iso(row["opened_at"]),
        "closed_at": iso(row["closed_at"]),
        "carried": result["carried"],
        "verdict": words.verdict(result, majority, groups),
        "counts": counts(result["counts"]),
        "turnout": turnout(result["turnout"]),
        "parties": [party(p, groups) for p in result["parties"]],
        "reasons": [reason(r, majority, groups) for r in result["reasons"]],
    }


def party(found: Mapping[str, Any], groups: Mapping[str, str]) -> dict[str, Any]:
    return {
        "party": found["party"],
        "name": words.party_name(found["party"], groups),
        "counts": counts(found["counts"]),
        "turnout": turnout(found["turnout"]),
    }


def reason(found: Mapping[str, Any], majority: str, groups: Mapping[str, str]) -> dict:
    return {
        "code": found["code"],
        "party": found.get("party"),
        "text": words.reason_text(found, majority, groups),
    }


def counts(found: Mapping[str, int]) -> dict[str, int]:
    return {option: found.get(option, 0) for option in words.OPTIONS}


def turnout(found: Mapping[str, int]) -> dict[str, int]:
    return {key: found[key] for key in ("eligible", "took_part", "by_proxy")}


def chain_head(head: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The matter's log as it stood when its vote closed or it ended (heads.py): anyone may
    keep it and hold the log to it later (`gongzhi deliberation verify --head LENGTH:HASH`)."""
    if head is None:
        return None
    return {
        "length": head["length"],
        "hash": head["hash"],
        "why": head["why"],
        "at": iso(head["at"]),
    }


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
