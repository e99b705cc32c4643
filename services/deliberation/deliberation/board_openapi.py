"""The public board's routes in deliberation's OpenAPI document (openapi.py): JSON for anyone,
no key, and the pages (text/html) beside them."""

from typing import Any

from deliberation import public_schemas
from gongzhi import openapi

TAG = "public board"
COMMUNITY = {
    "in": "path",
    "name": "community",
    "required": True,
    "schema": {"type": "string"},
    "description": "the community's grid code",
}
MATTER_ID = {
    "in": "path",
    "name": "matter_id",
    "required": True,
    "schema": {"type": "string", "format": "uuid"},
}
PAGING = {
    "cursor": "`next_cursor` of the page before",
    "limit": "how many decisions a page holds (1 to 100)",
}
HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}


def paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/public/communities/{community}/matters": {"get": _decisions()},
        "/api/v1/public/matters/{matter_id}": {"get": _matter()},
        "/board/{community}": {"get": _board_page()},
        "/board/matters/{matter_id}": {"get": _matter_page()},
    }


def _decisions() -> dict[str, Any]:
    return openapi.operation(
        "public_decisions",
        TAG,
        "A community's decisions, newest first, each with its tally per party and, when not "
        "carried, every reason in words; no key needed",
        parameters=[COMMUNITY, *openapi.query(public_schemas.PageQuery, PAGING)],
        responses={
            "200": openapi.response(public_schemas.MattersPage, "a page of decisions"),
            "400": openapi.error("a cursor this API did not give, or a limit out of range"),
            "404": openapi.error("no such community in the district"),
        },
    )


def _matter() -> dict[str, Any]:
    return openapi.operation(
        "public_matter",
        TAG,
        "A matter: its steps with their dates, its plan, and its vote (only that it is open "
        "while it is; the tally per party once it closed); no key needed",
        parameters=[MATTER_ID],
        responses={
            "200": openapi.response(public_schemas.Matter, "the matter, as the public sees it"),
            "404": openapi.error("no such matter"),
        },
    )


def _board_page() -> dict[str, Any]:
    return openapi.operation(
        "board_page",
        TAG,
        "The community's board as an HTML page (zh-CN, for a phone or print); no key needed",
        parameters=[COMMUNITY, *openapi.query(public_schemas.PageQuery, PAGING)],
        responses={
            "200": {"description": "the page", **HTML},
            "400": {"description": "a bad cursor or limit, as a page", **HTML},
            "404": {"description": "no such community, as a page", **HTML},
        },
    )


def _matter_page() -> dict[str, Any]:
    return openapi.operation(
        "board_matter_page",
        TAG,
        "A matter as an HTML page; no key needed",
        parameters=[MATTER_ID],
        responses={
            "200": {"description": "the page", **HTML},
            "404": {"description": "no such matter, as a page", **HTML},
        },
    )
