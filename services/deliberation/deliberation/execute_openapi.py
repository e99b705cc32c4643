"""The routes of a carried plan's execution and its evaluation in deliberation's OpenAPI
document (openapi.py adds them), with their guards for the roles table."""

from collections.abc import Callable
from typing import Any

from deliberation import access
from deliberation import execute_schemas as schemas
from gongzhi import openapi

MATTER = "/api/v1/matters/{matter_id}"
MATTER_ID = {"in": "path", "name": "matter_id", "required": True, "schema": {"type": "string"}}
TASK_ID = {"in": "path", "name": "task_id", "required": True, "schema": {"type": "string"}}
GUARDS: dict[str, openapi.Guard] = {
    "marks the council's own tasks done, closes evaluations": access.secretary,
    "rates outcomes": access.rater,
}
NOT_EVALUATING = "the matter is not being evaluated"


Decision = Callable[..., dict[str, Any]]


def paths(decision: Decision) -> dict[str, dict[str, Any]]:
    """The routes, each made by openapi.py's `decision` (a POST that decides)."""
    return {
        f"{MATTER}/tasks/{{task_id}}/done": {"post": _task_done(decision)},
        f"{MATTER}/ratings": {"post": _rate(decision)},
        f"{MATTER}/evaluation": {"post": _close_evaluation(decision)},
    }


def _task_done(decision: Decision) -> dict[str, Any]:
    ok = {"200": openapi.response(schemas.TaskDoneOut, "the task, done")}
    refusals = {
        "404": "no such task on the matter",
        "409": "a department's or a unit's task (its routing case says when it is done), or "
        "one done already",
    }
    summary = "Mark a task the council does itself done (staff)"
    body: tuple[Any, dict[str, Any]] = (schemas.EmptyIn, {})
    return decision("task_done", summary, body, ok, refusals, [MATTER_ID, TASK_ID])


def _rate(decision: Decision) -> dict[str, Any]:
    ok = {"201": openapi.response(schemas.RatingOut, "the rating, taken")}
    refusals = {
        "403": "a member not on the assembly, or a resident who reported none of its cases",
        "404": "no such matter",
        "409": f"{NOT_EVALUATING}, or the rater has rated it already",
    }
    summary = "Rate a matter's outcome, once (a member, or a resident app for a reporter)"
    body = (schemas.RatingIn, {"verdict": "satisfied", "comment": "路面干净了"})
    return decision("rate", summary, body, ok, refusals, [MATTER_ID])


def _close_evaluation(decision: Decision) -> dict[str, Any]:
    ok = {"200": openapi.response(schemas.EvaluationOut, "the counts, the matter moved on")}
    refusals = {"404": "no such matter", "409": NOT_EVALUATING}
    summary = "Close a matter's evaluation, maybe with a review date (staff)"
    body = (schemas.EvaluationIn, {"review_on": None})
    return decision("close_evaluation", summary, body, ok, refusals, [MATTER_ID])
