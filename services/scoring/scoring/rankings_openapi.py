"""Rankings' routes in scoring's OpenAPI document (openapi.py adds them): consent, the staff
board and the public board."""

from typing import Any

from gongzhi import openapi
from scoring import rankings_schemas, schemas
from scoring.openapi import KEYED, KEYED_GET, PERSON, _path

TAG = "rankings"
COMMUNITY = _path("community", "a community's grid code, e.g. 620502001001")
MONTH = _path("month", "a month of the district, YYYY-MM, e.g. 2026-12")
GRID = openapi.query(rankings_schemas.BoardQuery, {"grid": "narrows the board to one grid"})
CONSENT_EXAMPLE = {"shown": True, "alias": "热心大姐"}


def paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/people/{person}/board": {"put": _consent()},
        "/api/v1/rankings/{community}/{month}": {"get": _staff()},
        "/api/v1/public/rankings/{community}/{month}": {"get": _public()},
    }


def _consent() -> dict[str, Any]:
    return openapi.keyed(
        "set_consent",
        "people",
        "Whether the person is shown on public boards, and under which alias",
        KEYED,
        parameters=[PERSON],
        requestBody=openapi.request_body(rankings_schemas.ConsentIn, CONSENT_EXAMPLE),
        responses={
            "200": openapi.response(schemas.PersonOut, "the person as they chose"),
            "400": openapi.error("not JSON, invalid fields, an alias with personal data"),
            "404": openapi.error("no such person registered"),
            "413": openapi.too_large(),
        },
    )


def _staff() -> dict[str, Any]:
    return openapi.keyed(
        "staff_rankings",
        TAG,
        "A community's month: stars, figures, every volunteer by points and party member by "
        "pioneer index (an organiser: its own community alone)",
        KEYED_GET,
        parameters=[COMMUNITY, MONTH, *GRID],
        responses={
            "200": openapi.response(rankings_schemas.StaffBoard, "the board"),
            "400": openapi.error("invalid fields, or a NUL character"),
            "404": openapi.error("no such community the key may see, or no such month"),
        },
    )


def _public() -> dict[str, Any]:
    return openapi.operation(
        "public_rankings",
        TAG,
        "A community's month for anyone, no key needed: stars, figures, and those who agreed "
        "to be shown, by alias or masked id",
        parameters=[COMMUNITY, MONTH, *GRID],
        responses={
            "200": openapi.response(rankings_schemas.PublicBoard, "the public board"),
            "400": openapi.error("invalid fields, or a NUL character"),
            "404": openapi.error("no such community in the district, or no such month"),
        },
    )
