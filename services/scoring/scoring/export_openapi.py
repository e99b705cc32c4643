"""Monthly exports' routes in scoring's OpenAPI document (openapi.py adds them)."""

from typing import Any

from gongzhi import openapi
from scoring.export_files import FORMATS
from scoring.exports import KINDS

KEYED_GET: list[dict[str, list]] = [{"ApiKeyHeader": []}, {"ApiKeyQuery": []}]
PARAMETERS = [
    {
        "in": "path",
        "name": "kind",
        "required": True,
        "schema": {"type": "string", "enum": list(KINDS)},
        "description": "ratings, assessments or ledger (the points ledger)",
    },
    {
        "in": "path",
        "name": "month",
        "required": True,
        "schema": {"type": "string", "example": "2026-11"},
        "description": "a month, district time, e.g. 2026-11; one not ended is provisional",
    },
    {
        "in": "query",
        "name": "scope",
        "required": False,
        "schema": {"type": "string", "default": "district", "example": "community:620502001001"},
        "description": "community:CODE, street:CODE or district (an organiser: its community)",
    },
]


def paths() -> dict[str, dict[str, Any]]:
    return {
        f"/api/v1/exports/{{kind}}/{{month}}.{form}": {"get": _export(form)} for form in FORMATS
    }


def _export(form: str) -> dict[str, Any]:
    made = {"description": f"the export as {form.upper()}", "content": {FORMATS[form]: {}}}
    return openapi.keyed(
        f"export_{form}",
        "exports",
        f"A month's ratings, assessments or points ledger for a scope, as {form.upper()}",
        KEYED_GET,
        parameters=PARAMETERS,
        responses={
            "200": made,
            "400": openapi.error("unknown_kind, invalid_month or unknown_scope"),
        },
    )
