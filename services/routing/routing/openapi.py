"""Routing's HTTP API as an OpenAPI 3.1 document, built from schemas.py; the roles table comes
from access.py's own rules. `gongzhi contract` commits it as services/routing/openapi.json; the
service serves the same."""

from typing import Any

from gongzhi import openapi
from gongzhi.apikeys import Holder
from gongzhi.keyguard import HEADER
from routing import access, schemas
from routing.lifecycle import OWNER, SUPERVISOR
from routing.model import KEY_ROLES

DESCRIPTION = (
    "Cases as routing gives them to grids, tiers and owners, with their SLA clocks and lights; "
    "the work queues and the counts behind the tier pyramid. Every /api/v1/ call but this "
    f"document needs an API key: the `{HEADER}` header, or `?api_key=` on a GET. Keys are issued "
    "with `gongzhi keys issue --service routing --name <holder> --role <role>`; the holder name "
    "is the owner id the key acts as (e.g. gw-620502001001001) and becomes an action's "
    "`actor_id`. Errors are JSON: {error, message, details}."
)
KEYED_GET: list[dict[str, list]] = [{"ApiKeyHeader": []}, {"ApiKeyQuery": []}]
KEYED_POST: list[dict[str, list]] = [{"ApiKeyHeader": []}]
KEYS = {
    "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": HEADER},
    "ApiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
}
ISSUE_ID = {"in": "path", "name": "issue_id", "required": True, "schema": {"type": "string"}}
STATS_BY = {
    "in": "path",
    "name": "by",
    "required": True,
    "schema": {"type": "string", "enum": ["tier", "light", "department"]},
}
WORK_FILTERS = {
    "owner_kind": "an owner's queue: its kind (grid_worker, community, street, department)",
    "owner_id": "an owner's queue: its id, with owner_kind",
    "community": "the queue of a community's grids: its code",
    "department": "the queue of a department: what it leads and what it co-handles",
    "limit": "cases per page",
    "offset": "cases to skip",
}
# Examples: schemathesis sends them first, so the fuzz test sees the owner accept a case.
ACTION_EXAMPLE = {"action": "accept", "actor": "owner"}


def document() -> dict[str, Any]:
    description = f"{DESCRIPTION}\n\n{roles_table()}"
    return openapi.service_document("Gongzhi routing", description, schemas.Error, _paths(), KEYS)


def roles_table() -> str:
    """What each key role may do, asked of access.py's rules rather than copied from them."""
    rows = [
        "| role | reads cases, work queues, stats | acts as owner | acts as supervisor "
        "| reports its co-handler tasks done |",
        "|---|---|---|---|---|",
    ]
    for role in KEY_ROLES:
        holder = Holder(key_id="-", name="holder", role=role)
        as_owner = access.refusal(holder, OWNER, holder.name) is None
        as_supervisor = access.refusal(holder, SUPERVISOR, "another") is None
        answers = (
            "yes",
            "on its own cases" if as_owner else "no",
            "on any case" if as_supervisor else "no",
            "yes" if _reports_tasks(holder) else "no",
        )
        rows.append(f"| {role} | {' | '.join(answers)} |")
    return "\n".join(rows)


def _reports_tasks(holder: Holder) -> bool:
    try:
        access.co_handler(holder)
    except access.Forbidden:
        return False
    return True


def _paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/cases/{issue_id}/actions": {"post": _act()},
        "/api/v1/cases/{issue_id}/tasks/done": {"post": _finish_task()},
        "/api/v1/cases/{issue_id}": {"get": _get_case()},
        "/api/v1/work": {"get": _work_queue()},
        "/api/v1/stats/{by}": {"get": _stats()},
    }


def _act() -> dict[str, Any]:
    return openapi.keyed(
        "act",
        "cases",
        "One step in a case's life, by the key's holder as `actor` (owner or supervisor)",
        KEYED_POST,
        parameters=[ISSUE_ID],
        requestBody=openapi.request_body(schemas.ActionIn, ACTION_EXAMPLE),
        responses={
            "200": openapi.response(schemas.CaseOut, "the case as it now stands"),
            "400": openapi.error(
                "not JSON, invalid fields, or an actor_id other than the key's holder"
            ),
            "404": openapi.error("no such case"),
            "409": openapi.error("the lifecycle does not allow it: the message says why"),
            "413": openapi.too_large(),
        },
    )


def _finish_task() -> dict[str, Any]:
    return openapi.keyed(
        "finish_task",
        "cases",
        "A co-handler (the key's holder) reports its task on the case done (联动处置); no body",
        KEYED_POST,
        parameters=[ISSUE_ID],
        responses={
            "200": openapi.response(schemas.CaseOut, "the case as it now stands"),
            "400": openapi.error("a NUL character in the id"),
            "404": openapi.error("no such case"),
            "409": openapi.error("the key's holder has no open task on the case"),
        },
    )


def _get_case() -> dict[str, Any]:
    return openapi.keyed(
        "get_case",
        "cases",
        "A case: grid, tier, owner, co-handlers, clocks with their lights, and its history",
        KEYED_GET,
        parameters=[ISSUE_ID],
        responses={
            "200": openapi.response(schemas.CaseOut, "the case"),
            "400": openapi.error("a NUL character in the id"),
            "404": openapi.error("no such case"),
        },
    )


def _work_queue() -> dict[str, Any]:
    return openapi.keyed(
        "work_queue",
        "work",
        "Open cases of one queue, red first, then yellow, then green, nearest deadline first. "
        "Name one queue: owner_kind and owner_id, community, or department",
        KEYED_GET,
        # not `api_key`: the ApiKeyQuery security scheme documents it
        parameters=openapi.query(schemas.WorkQuery(exclude=["api_key"]), WORK_FILTERS),
        responses={
            "200": openapi.response(schemas.WorkQueue, "a page of the queue"),
            "400": openapi.error("invalid fields, or not exactly one queue named"),
        },
    )


def _stats() -> dict[str, Any]:
    by_kind = [schemas.TierStats, schemas.LightStats, schemas.DepartmentStats]
    return openapi.keyed(
        "stats",
        "stats",
        "Counts by tier (the tier pyramid), by light, or by department",
        KEYED_GET,
        parameters=[STATS_BY],
        responses={
            "200": openapi.response({"oneOf": by_kind}, "one row per tier, light or department"),
            "400": openapi.error("a NUL character in the path"),
            "404": openapi.error("stats by anything else"),
        },
    )
