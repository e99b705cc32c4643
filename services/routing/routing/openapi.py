"""Routing's HTTP API as an OpenAPI 3.1 document, built from schemas.py; the roles table comes
from access.py's own rules. `gongzhi contract` commits it as services/routing/openapi.json; the
service serves the same."""

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter

from gongzhi.apikeys import Holder
from gongzhi.keyguard import HEADER
from gongzhi.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from routing import access, schemas
from routing.lifecycle import OWNER, SUPERVISOR
from routing.model import KEY_ROLES

JSON = "application/json"
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
    spec = APISpec(
        title="Gongzhi routing",
        version="1.0.0",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={"description": f"{DESCRIPTION}\n\n{roles_table()}"},
        servers=[{"url": "/"}],
    )
    spec.components.security_scheme(
        "ApiKeyHeader", {"type": "apiKey", "in": "header", "name": HEADER}
    )
    spec.components.security_scheme(
        "ApiKeyQuery", {"type": "apiKey", "in": "query", "name": "api_key"}
    )
    spec.components.schema("Error", schema=schemas.Error)
    for path, operations in _paths().items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


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
        "/api/v1/openapi.json": {"get": _openapi_document()},
        "/metrics": {"get": _metrics()},
        "/health/live": {"get": _live()},
        "/health/ready": {"get": _ready()},
    }


def _act() -> dict[str, Any]:
    return _keyed(
        "act",
        "cases",
        "One step in a case's life, by the key's holder as `actor` (owner or supervisor)",
        KEYED_POST,
        parameters=[ISSUE_ID],
        requestBody=_body(schemas.ActionIn, ACTION_EXAMPLE),
        responses={
            "200": _json(schemas.CaseOut, "the case as it now stands"),
            "400": _error("not JSON, invalid fields, or an actor_id other than the key's holder"),
            "404": _error("no such case"),
            "409": _error("the lifecycle does not allow it: the message says why"),
            "413": _error("the body is too large (gongzhi.web.MAX_BODY_BYTES), refused unread"),
        },
    )


def _finish_task() -> dict[str, Any]:
    return _keyed(
        "finish_task",
        "cases",
        "A co-handler (the key's holder) reports its task on the case done (联动处置); no body",
        KEYED_POST,
        parameters=[ISSUE_ID],
        responses={
            "200": _json(schemas.CaseOut, "the case as it now stands"),
            "400": _error("a NUL character in the id"),
            "404": _error("no such case"),
            "409": _error("the key's holder has no open task on the case"),
        },
    )


def _get_case() -> dict[str, Any]:
    return _keyed(
        "get_case",
        "cases",
        "A case: grid, tier, owner, co-handlers, clocks with their lights, and its history",
        KEYED_GET,
        parameters=[ISSUE_ID],
        responses={
            "200": _json(schemas.CaseOut, "the case"),
            "400": _error("a NUL character in the id"),
            "404": _error("no such case"),
        },
    )


def _work_queue() -> dict[str, Any]:
    return _keyed(
        "work_queue",
        "work",
        "Open cases of one queue, red first, then yellow, then green, nearest deadline first. "
        "Name one queue: owner_kind and owner_id, community, or department",
        KEYED_GET,
        parameters=_query(schemas.WorkQuery, WORK_FILTERS),
        responses={
            "200": _json(schemas.WorkQueue, "a page of the queue"),
            "400": _error("invalid fields, or not exactly one queue named"),
        },
    )


def _stats() -> dict[str, Any]:
    by_kind = [schemas.TierStats, schemas.LightStats, schemas.DepartmentStats]
    return _keyed(
        "stats",
        "stats",
        "Counts by tier (the tier pyramid), by light, or by department",
        KEYED_GET,
        parameters=[STATS_BY],
        responses={
            "200": _json({"oneOf": by_kind}, "one row per tier, light or department"),
            "400": _error("a NUL character in the path"),
            "404": _error("stats by anything else"),
        },
    )


def _openapi_document() -> dict[str, Any]:
    document = _json({"type": "object"}, "the OpenAPI 3.1 document")
    return _operation("openapi_document", "operations", "This document", {"200": document})


def _metrics() -> dict[str, Any]:
    text = {"description": "text exposition", "content": {METRICS_CONTENT_TYPE: {}}}
    return _operation("metrics", "operations", "Prometheus metrics", {"200": text})


def _live() -> dict[str, Any]:
    alive = _json(schemas.Liveness, "alive")
    return _operation("live", "operations", "Liveness: the process answers", {"200": alive})


def _ready() -> dict[str, Any]:
    return _operation(
        "ready",
        "operations",
        "Readiness: database, broker, topology and district config",
        responses={
            "200": _json(schemas.Readiness, "ready"),
            "503": _json(schemas.Readiness, "not ready: `checks` says what is missing"),
        },
    )


def _keyed(
    name: str, tag: str, summary: str, security: list, responses: dict, **more: Any
) -> dict[str, Any]:
    """An operation behind an API key: a missing, unknown or revoked one, or a role that may
    not, is a 403; a key past its rate a 429."""
    responses = {
        **responses,
        "403": _error("no live API key, or its role may not do this: the message says why"),
        "429": {
            **_error("the key is past its rate (gongzhi.keyguard.KeyGuard)"),
            "headers": {"Retry-After": {"description": "seconds", "schema": {"type": "string"}}},
        },
    }
    return _operation(
        name, tag, summary, dict(sorted(responses.items())), security=security, **more
    )


def _operation(name: str, tag: str, summary: str, responses: dict, **more: Any) -> dict:
    return {"operationId": name, "tags": [tag], "summary": summary, **more, "responses": responses}


def _query(schema: type, descriptions: dict[str, str]) -> list[dict[str, Any]]:
    """The query parameters, but `api_key`: the ApiKeyQuery security scheme documents it."""
    converter = OpenAPIConverter("3.1.0", lambda _: None, None)  # type: ignore[arg-type]
    return [
        {**parameter, "description": descriptions[parameter["name"]]}
        for parameter in converter.schema2parameters(schema, location="query")
        if parameter["name"] != "api_key"
    ]


def _body(schema: type, example: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {JSON: {"schema": schema, "example": example}}}


def _json(schema: Any, description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(schemas.Error, description)
