"""Projects' routes in scoring's OpenAPI document (openapi.py adds them)."""

from typing import Any

from gongzhi import openapi
from scoring import project_schemas, projects
from scoring.openapi import KEYED, KEYED_GET, _path

TAG = "projects"
PROJECT_ID = {"in": "path", "name": "project_id", "required": True, "schema": {"type": "integer"}}
COMMUNITY = _path("community", "a community's grid code, e.g. 620502001001")
NEED = {"kind": "basic", "title": "帮独居老人买菜", "points": 10, "ordered_by": "ref-1"}
ANSWERS = {
    "200": openapi.response(project_schemas.ProjectOut, "the project as it is now"),
    "400": openapi.error("not JSON, or invalid fields"),
    "404": openapi.error("no such project, or no such claimant"),
    "413": openapi.too_large(),
}


def paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/projects": {"get": _list(), "post": _publish()},
        "/api/v1/projects/{project_id}/claims": {"post": _claim()},
        "/api/v1/projects/{project_id}/done": {"post": _done()},
        "/api/v1/projects/{project_id}/rating": {"post": _rate()},
        "/api/v1/public/projects/{community}": {"get": _public()},
    }


def _publish() -> dict[str, Any]:
    return openapi.keyed(
        "publish_project",
        TAG,
        "Publish a resident's need of the organiser's community as a basic or key project",
        KEYED,
        requestBody=openapi.request_body(project_schemas.ProjectIn, NEED),
        responses={
            "201": openapi.response(project_schemas.ProjectOut, "published, open to claim"),
            "400": openapi.error("not JSON, invalid fields, more points than the district allows"),
            "413": openapi.too_large(),
        },
    )


def _list() -> dict[str, Any]:
    query = {
        "community": "a community's grid code: an operator's choice, else all; an organiser's own",
        "status": ", ".join(projects.STATUSES),
        "kind": ", ".join(projects.KINDS),
    }
    return openapi.keyed(
        "list_projects",
        TAG,
        "Projects at every step, newest first: an organiser's community's, any for an operator",
        KEYED_GET,
        parameters=openapi.query(project_schemas.ProjectsQuery, query),
        responses={
            "200": openapi.response(project_schemas.ProjectsOut, "the projects, 200 at most"),
            "400": openapi.error("invalid fields in the query"),
            "404": openapi.error("no such community in the district"),
        },
    )


def _claimant_step(name: str, summary: str, conflict: str) -> dict[str, Any]:
    body = openapi.request_body(project_schemas.ClaimantIn, {"person": "p-1001"})
    return openapi.keyed(
        name,
        TAG,
        summary,
        KEYED,
        parameters=[PROJECT_ID],
        requestBody=body,
        responses={**ANSWERS, "409": openapi.error(conflict)},
    )


def _claim() -> dict[str, Any]:
    return _claimant_step(
        "claim_project",
        "Claim an open project: a resident app for a person (basic), an organisation's key "
        "for itself (key); the wrong kind of claimant is a 403",
        "claimed already",
    )


def _done() -> dict[str, Any]:
    return _claimant_step(
        "project_done", "Its claimant reports the work done", "not claimed (or done already)"
    )


def _rate() -> dict[str, Any]:
    body = openapi.request_body(
        project_schemas.RatingIn, {"resident": "ref-1", "verdict": "satisfied"}
    )
    return openapi.keyed(
        "rate_project",
        TAG,
        "The resident who ordered it rates the work: its points posted, or back to its claimant",
        KEYED,
        parameters=[PROJECT_ID],
        requestBody=body,
        responses={**ANSWERS, "409": openapi.error("not done yet, or a cap refuses the points")},
    )


def _public() -> dict[str, Any]:
    return openapi.operation(
        "public_projects",
        TAG,
        "A community's open projects, for anyone: no key needed",
        parameters=[COMMUNITY],
        responses={
            "200": openapi.response(project_schemas.PublicProjects, "the open projects"),
            "400": openapi.error("a NUL character"),
            "404": openapi.error("no such community in the district"),
        },
    )
