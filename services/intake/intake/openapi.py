"""Intake's native JSON API as an OpenAPI 3.1 document, built from schemas.py. `gongzhi contract`
commits it as services/intake/openapi.json; the service serves the same. Open311 is left out: it
has its own spec (GeoReport v2)."""

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter

from gongzhi.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from intake import schemas

JSON = "application/json"
DESCRIPTION = (
    "Reports of residents' concerns from every channel, and what is added to them later. "
    "Errors are JSON: {error, message, details}. A report that breaks the rules is refused "
    "with 400 and every problem at once in `details`. No text may hold a NUL character."
)
REPORT_ID = {"in": "path", "name": "report_id", "required": True, "schema": {"type": "string"}}
MOMENT = "(ISO 8601 with a timezone, years 1900 to 9998)"
LIST_FILTERS = {
    "status": "comma-separated statuses",
    "category": "comma-separated category codes",
    "grid": "comma-separated grid codes",
    "channel": "comma-separated channels",
    "since": f"submitted at or after this moment {MOMENT}",
    "until": f"submitted before this moment {MOMENT}",
    "cursor": "`next_cursor` of the page before",
    "limit": "reports per page",
}
STATS_WINDOW = {
    "since": f"from this moment {MOMENT}; by default 30 days before `until`",
    "until": f"to this moment {MOMENT}; by default now",
}
# Examples: schemathesis sends them first, so the fuzz test sees a report taken and merged.
REPORT_EXAMPLE = {
    "category": "blocked-sewer",
    "lat": 34.5801,
    "long": 105.7203,
    "coordinate_system": "gcj02",
    "description": "下水道堵塞, 污水漫到路面",
    "attributes": {"overflowing": "yes", "gas_smell": "no"},
    "channel": "app",
    "reporter_contact": "13800138000",
}
UPDATE_EXAMPLE = {"kind": "comment", "author": "reporter", "text": "还在漏"}


def document() -> dict[str, Any]:
    spec = APISpec(
        title="Gongzhi intake",
        version="1.0.0",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={"description": DESCRIPTION},
        servers=[{"url": "/"}],
    )
    spec.components.schema("Error", schema=schemas.Error)
    for path, operations in _paths().items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/reports": {"post": _submit_report(), "get": _list_reports()},
        "/api/v1/reports/{report_id}": {"get": _get_report()},
        "/api/v1/reports/{report_id}/updates": {"post": _add_update(), "get": _list_updates()},
        "/api/v1/stats/repeats": {"get": _repeat_stats()},
        "/api/v1/openapi.json": {"get": _openapi_document()},
        "/metrics": {"get": _metrics()},
        "/health/live": {"get": _live()},
        "/health/ready": {"get": _ready()},
    }


def _submit_report() -> dict[str, Any]:
    location = {"description": "the case's URL", "schema": {"type": "string"}}
    return _operation(
        "submit_report",
        "reports",
        "Accept a report, or merge it into the open case it repeats (附议)",
        requestBody=_body(schemas.ReportIn, REPORT_EXAMPLE),
        responses={
            "201": {**_json(schemas.ReportAccepted, "taken"), "headers": {"Location": location}},
            "400": _error("not JSON, invalid fields, an unknown grid, or refused by the rules"),
            "413": _too_large(),
        },
    )


def _list_reports() -> dict[str, Any]:
    return _operation(
        "list_reports",
        "reports",
        "Reports, newest first, a page at a time: then ?cursor=<next_cursor>",
        parameters=_query(schemas.ReportsQuery, LIST_FILTERS),
        responses={
            "200": _json(schemas.ReportList, "a page of reports"),
            "400": _error("invalid filters, or a cursor this API did not give"),
        },
    )


def _get_report() -> dict[str, Any]:
    return _operation(
        "get_report",
        "reports",
        "One report, as anyone may read it: no contact details",
        parameters=[REPORT_ID],
        responses={
            "200": _json(schemas.ReportOut, "the report"),
            "400": _error("a NUL character in the id"),
            "404": _error("no such report"),
        },
    )


def _add_update() -> dict[str, Any]:
    return _operation(
        "add_update",
        "updates",
        "Add a comment or a photo to a report",
        parameters=[REPORT_ID],
        requestBody=_body(schemas.UpdateIn, UPDATE_EXAMPLE),
        responses={
            "201": _json(schemas.UpdateCreated, "added"),
            "400": _error("not JSON, or invalid fields"),
            "404": _error("no such report"),
            "413": _too_large(),
        },
    )


def _list_updates() -> dict[str, Any]:
    return _operation(
        "list_updates",
        "updates",
        "The comments and photos of a report, oldest first (none for no report)",
        parameters=[REPORT_ID],
        responses={
            "200": _json(schemas.UpdateList, "the updates"),
            "400": _error("a NUL character in the id"),
        },
    )


def _repeat_stats() -> dict[str, Any]:
    return _operation(
        "repeat_stats",
        "stats",
        "The repeat-report rate: co-reports / (cases + co-reports) in a window",
        parameters=_query(schemas.StatsQuery, STATS_WINDOW),
        responses={
            "200": _json(schemas.RepeatStats, "the counts and the rate"),
            "400": _error("invalid moments"),
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


def _operation(name: str, tag: str, summary: str, responses: dict, **more: Any) -> dict:
    return {"operationId": name, "tags": [tag], "summary": summary, **more, "responses": responses}


def _query(schema: type, descriptions: dict[str, str]) -> list[dict[str, Any]]:
    converter = OpenAPIConverter("3.1.0", lambda _: None, None)  # type: ignore[arg-type]
    return [
        {**_never_null(p), "description": descriptions[p["name"]]}
        for p in converter.schema2parameters(schema, location="query")
    ]


def _never_null(parameter: dict[str, Any]) -> dict[str, Any]:
    """A query string has no null: marshmallow's `load_default=None` means "left out"."""
    schema = {k: v for k, v in parameter["schema"].items() if (k, v) != ("default", None)}
    if isinstance(schema["type"], list):
        (schema["type"],) = (t for t in schema["type"] if t != "null")
    return {**parameter, "schema": schema}


def _body(schema: type, example: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {JSON: {"schema": schema, "example": example}}}


def _json(schema: Any, description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(schemas.Error, description)


def _too_large() -> dict[str, Any]:
    return _error("the body is too large (gongzhi.web.MAX_BODY_BYTES), refused unread")
