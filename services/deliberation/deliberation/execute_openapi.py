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
    "marks the council's own tasks done": access.secretary,
}


Decision = Callable[..., dict[str, Any]]


def paths(decision: Decision) -> dict[str, dict[str, Any]]:
    """The routes, each made by openapi.py's `decision` (a POST that decides)."""
    return {
        f"{MATTER}/tasks/{{task_id}}/done": {"post": _task_done(decision)},
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
