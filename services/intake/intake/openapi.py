"""Intake's native JSON API as an OpenAPI 3.1 document, built from schemas.py. `gongzhi contract`
commits it as services/intake/openapi.json; the service serves the same. Open311 is left out: it
has its own spec (GeoReport v2)."""

from typing import Any

from gongzhi import openapi
from intake import schemas

DESCRIPTION = (
    "Reports of residents' concerns from every channel, and what is added to them later. "
    "Errors are JSON: {error, message, details}. A report that breaks the rules is refused "
    "with 400 and every problem at once in `details`. No text may hold a NUL character. "
    "A read without an API key shows the public view: no report of a private category (a 404 "
    "by id), personal data in text masked, the place approximate, the rest withheld."
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
    return openapi.service_document("Gongzhi intake", DESCRIPTION, schemas.Error, _paths())


def _paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/reports": {"post": _submit_report(), "get": _list_reports()},
        "/api/v1/reports/{report_id}": {"get": _get_report()},
        "/api/v1/reports/{report_id}/updates": {"post": _add_update(), "get": _list_updates()},
        "/api/v1/stats/repeats": {"get": _repeat_stats()},
    }


def _submit_report() -> dict[str, Any]:
    location = {"description": "the case's URL", "schema": {"type": "string"}}
    return openapi.operation(
        "submit_report",
        "reports",
        "Accept a report, or merge it into the open case it repeats (附议)",
        requestBody=openapi.request_body(schemas.ReportIn, REPORT_EXAMPLE),
        responses={
            "201": {
                **openapi.response(schemas.ReportAccepted, "taken"),
                "headers": {"Location": location},
            },
            "400": openapi.error(
                "not JSON, invalid fields, an unknown grid, or refused by the rules"
            ),
            "413": openapi.too_large(),
        },
    )


def _list_reports() -> dict[str, Any]:
    return openapi.operation(
        "list_reports",
        "reports",
        "Reports, newest first, a page at a time: then ?cursor=<next_cursor>",
        parameters=openapi.query(schemas.ReportsQuery, LIST_FILTERS),
        responses={
            "200": openapi.response(schemas.ReportList, "a page of reports"),
            "400": openapi.error("invalid filters, or a cursor this API did not give"),
        },
    )


def _get_report() -> dict[str, Any]:
    return openapi.operation(
        "get_report",
        "reports",
        "One report, never with contact details: in full to a key, else its public view",
        parameters=[REPORT_ID],
        responses={
            "200": openapi.response(schemas.ReportOut, "the report"),
            "400": openapi.error("a NUL character in the id"),
            "404": openapi.error("no such report, or a private category's without a key"),
        },
    )


def _add_update() -> dict[str, Any]:
    return openapi.operation(
        "add_update",
        "updates",
        "Add a comment or a photo to a report",
        parameters=[REPORT_ID],
        requestBody=openapi.request_body(schemas.UpdateIn, UPDATE_EXAMPLE),
        responses={
            "201": openapi.response(schemas.UpdateCreated, "added"),
            "400": openapi.error("not JSON, or invalid fields"),
            "404": openapi.error("no such report"),
            "413": openapi.too_large(),
        },
    )


def _list_updates() -> dict[str, Any]:
    return openapi.operation(
        "list_updates",
        "updates",
        "The comments and photos of a report, oldest first",
        parameters=[REPORT_ID],
        responses={
            "200": openapi.response(schemas.UpdateList, "the updates"),
            "400": openapi.error("a NUL character in the id"),
            "404": openapi.error("no such report, or a private category's without a key"),
        },
    )


def _repeat_stats() -> dict[str, Any]:
    return openapi.operation(
        "repeat_stats",
        "stats",
        "The repeat-report rate: co-reports / (cases + co-reports) in a window",
        parameters=openapi.query(schemas.StatsQuery, STATS_WINDOW),
        responses={
            "200": openapi.response(schemas.RepeatStats, "the counts and the rate"),
            "400": openapi.error("invalid moments"),
        },
    )
