"""Intake's native JSON API as an OpenAPI 3.1 document, built from schemas.py. `gongzhi contract`
commits it as services/intake/openapi.json; the service serves the same. Open311 is left out: it
has its own spec (GeoReport v2)."""

from typing import Any

from gongzhi import openapi
from gongzhi.keyguard import HEADER
from intake import access, followup, schemas
from intake.model import KEY_ROLES

DESCRIPTION = (
    "Reports of residents' concerns from every channel, and what is added to them later. "
    "Errors are JSON: {error, message, details}. A report that breaks the rules is refused "
    "with 400 and every problem at once in `details`. No text may hold a NUL character. "
    f"Who calls is told by an API key (the `{HEADER}` header, or `?api_key=` on a GET; issued "
    "with `gongzhi keys issue --name <holder> --role <role>`) or, for one report, by the "
    f"follow-up token its submission answered to the reporter (the `{followup.HEADER}` "
    "header). A caller without the full view (see the table) reads the public view: no "
    "report of a private category and none hidden by staff (a 404 by id), no hidden update, "
    "personal data in text masked, the place approximate, the rest withheld. A presented key "
    "that is not live is a 403; a presented token that does not open the report a 404, as for "
    "no report."
)
KEYS = {
    "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": HEADER},
    "ApiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
    "FollowUpToken": {"type": "apiKey", "in": "header", "name": followup.HEADER},
}
ANYONE: list[dict[str, list]] = [{}, {"ApiKeyHeader": []}, {"ApiKeyQuery": []}]
ANYONE_ON_A_REPORT = [*ANYONE, {"FollowUpToken": []}]
KEYED: list[dict[str, list]] = [{"ApiKeyHeader": []}]
KEY_OR_TOKEN = [*KEYED, {"FollowUpToken": []}]
UPDATE_ID = {"in": "path", "name": "update_id", "required": True, "schema": {"type": "integer"}}
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
UPDATE_EXAMPLE = {"kind": "comment", "text": "还在漏"}
HIDE_EXAMPLE = {"reason": "personal_data"}
READS = ("list_reports", "get_report", "list_updates")


def document() -> dict[str, Any]:
    description = f"{DESCRIPTION}\n\n{roles_table()}"
    return openapi.service_document("Gongzhi intake", description, schemas.Error, _paths(), KEYS)


def roles_table() -> str:
    """Who may call each route, and who reads in full, asked of access.py rather than copied."""
    callers = {c: access.Caller(role=c) for c in (access.PUBLIC, *KEY_ROLES)}
    callers[access.REPORTER] = access.Caller(grant=followup.Grant("-", co_report=False))
    rows = [f"| route | {' | '.join(callers)} |", "|---" * (len(callers) + 1) + "|"]
    for path, operations in _paths().items():
        for route in (op["operationId"] for op in operations.values()):
            answers = [_answer(route, path, caller) for caller in callers.values()]
            rows.append(f"| {route} | {' | '.join(answers)} |")
    notes = "full: the whole record; public: the public view; -: a token is not read there."
    return "\n".join(rows) + "\n\n" + notes


def _answer(route: str, path: str, caller: access.Caller) -> str:
    if caller.reporter and "{report_id}" not in path:
        return "-"
    try:
        access.check(caller, route)
    except access.Forbidden:
        return "no"
    if route in READS:
        return "full" if caller.full_view else "public"
    return "yes"


def _paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/reports": {"post": _submit_report(), "get": _list_reports()},
        "/api/v1/reports/{report_id}": {"get": _get_report()},
        "/api/v1/reports/{report_id}/updates": {"post": _add_update(), "get": _list_updates()},
        "/api/v1/reports/{report_id}/hide": {"post": _hide_report()},
        "/api/v1/reports/{report_id}/updates/{update_id}/hide": {"post": _hide_update()},
        "/api/v1/stats/repeats": {"get": _repeat_stats()},
    }


def _submit_report() -> dict[str, Any]:
    location = {"description": "the case's URL", "schema": {"type": "string"}}
    return openapi.keyed(
        "submit_report",
        "reports",
        "Accept a report, or merge it into the open case it repeats (附议)",
        KEYED,
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
    return openapi.keyed(
        "list_reports",
        "reports",
        "Reports, newest first, a page at a time: then ?cursor=<next_cursor>",
        ANYONE,
        parameters=openapi.query(schemas.ReportsQuery, LIST_FILTERS),
        responses={
            "200": openapi.response(schemas.ReportList, "a page of reports"),
            "400": openapi.error("invalid filters, or a cursor this API did not give"),
        },
    )


def _get_report() -> dict[str, Any]:
    return openapi.keyed(
        "get_report",
        "reports",
        "One report, never with contact details: in full to a grid worker's, staff or viewer "
        "key and to its reporter's token, else its public view",
        ANYONE_ON_A_REPORT,
        parameters=[REPORT_ID],
        responses={
            "200": openapi.response(schemas.ReportOut, "the report"),
            "400": openapi.error("a NUL character in the id"),
            "404": openapi.error(
                "no such report, a private or hidden one without the full view, or a wrong token"
            ),
        },
    )


def _add_update() -> dict[str, Any]:
    return openapi.keyed(
        "add_update",
        "updates",
        "Add a comment or a photo to a report: as its reporter with the follow-up token, as "
        "staff with a grid worker's or staff key (a body's `author` claiming another is a 403)",
        KEY_OR_TOKEN,
        parameters=[REPORT_ID],
        requestBody=openapi.request_body(schemas.UpdateIn, UPDATE_EXAMPLE),
        responses={
            "201": openapi.response(schemas.UpdateCreated, "added"),
            "400": openapi.error("not JSON, or invalid fields"),
            "404": openapi.error("no such report, or a wrong token"),
            "413": openapi.too_large(),
        },
    )


def _list_updates() -> dict[str, Any]:
    return openapi.keyed(
        "list_updates",
        "updates",
        "The comments and photos of a report, oldest first; without the full view none hidden",
        ANYONE_ON_A_REPORT,
        parameters=[REPORT_ID],
        responses={
            "200": openapi.response(schemas.UpdateList, "the updates"),
            "400": openapi.error("a NUL character in the id"),
            "404": openapi.error(
                "no such report, a private or hidden one without the full view, or a wrong token"
            ),
        },
    )


def _hide_report() -> dict[str, Any]:
    return _hide("hide_report", "Hide a report from the public view", [REPORT_ID])


def _hide_update() -> dict[str, Any]:
    return _hide("hide_update", "Hide an update from the public view", [REPORT_ID, UPDATE_ID])


def _hide(name: str, summary: str, parameters: list) -> dict[str, Any]:
    return openapi.keyed(
        name,
        "moderation",
        f"{summary} (staff), with a reason; it stays in the record with who hid it and when. "
        "Answers the hiding in force: a first one stands",
        KEYED,
        parameters=parameters,
        requestBody=openapi.request_body(schemas.HideIn, HIDE_EXAMPLE),
        responses={
            "200": openapi.response(schemas.Hidden, "hidden"),
            "400": openapi.error("not JSON, or no reason of abuse, personal_data, duplicate"),
            "404": openapi.error("no such report or update"),
            "413": openapi.too_large(),
        },
    )


def _repeat_stats() -> dict[str, Any]:
    return openapi.keyed(
        "repeat_stats",
        "stats",
        "The repeat-report rate: co-reports / (cases + co-reports) in a window",
        ANYONE,
        parameters=openapi.query(schemas.StatsQuery, STATS_WINDOW),
        responses={
            "200": openapi.response(schemas.RepeatStats, "the counts and the rate"),
            "400": openapi.error("invalid moments"),
        },
    )
