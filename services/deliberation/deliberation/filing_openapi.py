"""The route of a street's filings in deliberation's OpenAPI document (openapi.py adds it),
with its guard for the roles table."""

from typing import Any

from deliberation import access
from deliberation import filing_schemas as schemas
from gongzhi import openapi

STREET = {"in": "path", "name": "street", "required": True, "schema": {"type": "string"}}
GUARDS: dict[str, openapi.Guard] = {"reads its street's filings": access.supervisor}


def paths() -> dict[str, dict[str, Any]]:
    return {"/api/v1/streets/{street}/filings": {"get": _filings()}}


def _filings() -> dict[str, Any]:
    return openapi.keyed(
        "street_filings",
        "matters",
        "The plans the communities' party committees filed with a street, the newest first "
        "(a supervisor's key of that street)",
        openapi.KEYED_GET,
        parameters=[STREET],
        responses={
            "200": openapi.response(schemas.FilingsOut, "the street's filings"),
            "404": openapi.error("no street above the district's deliberating communities"),
        },
    )
