"""What every service's OpenAPI 3.1 document has alike: the spec setup, the error body, the
operations ServiceBase answers (metrics, health) beside the document's own, and the helpers
that write an operation, its query parameters, its request body and its answers."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import marshmallow as ma
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter

from gongzhi.apikeys import Holder
from gongzhi.keyguard import HEADER
from gongzhi.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from gongzhi.web import HttpError

OPENAPI_VERSION = "3.1.0"
JSON = "application/json"
# An API key in the header (any route), or `?api_key=` (a GET): gongzhi.keyguard.
KEY_SCHEMES = {
    "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": HEADER},
    "ApiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
}
KEYED_GET: list[dict[str, list]] = [{"ApiKeyHeader": []}, {"ApiKeyQuery": []}]
KEYED: list[dict[str, list]] = [{"ApiKeyHeader": []}]
Guard = Callable[[Holder], Holder]


class Error(ma.Schema):
    """Every answer other than success (gongzhi.web.HttpError). A service subclasses it to name
    the `error` codes it answers in their description, and hands it to `service_document()`."""

    error = ma.fields.String(required=True, metadata={"description": "what went wrong"})
    message = ma.fields.String(required=True)
    details = ma.fields.Raw(metadata={"description": "invalid: the fields' messages by name"})


class Liveness(ma.Schema):
    status = ma.fields.String(required=True)


class Readiness(ma.Schema):
    ready = ma.fields.Boolean(required=True)
    checks = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Boolean(), required=True)


def service_document(
    title: str,
    description: str,
    error: type[Error],
    paths: dict[str, dict[str, Any]],
    security_schemes: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The OpenAPI document of a service's HTTP API: `paths`, then the operations every service
    answers (`operations_paths()`), with `error` as the Error body and `security_schemes` as
    the components of that name. E.g. `service_document("Gongzhi intake", DESCRIPTION,
    schemas.Error, {"/api/v1/reports": {"get": operation("list_reports", ...)}})`."""
    spec = APISpec(
        title=title,
        version="1.0.0",
        openapi_version=OPENAPI_VERSION,
        plugins=[MarshmallowPlugin()],
        info={"description": description},
        servers=[{"url": "/"}],
    )
    for name, scheme in (security_schemes or {}).items():
        spec.components.security_scheme(name, scheme)
    spec.components.schema("Error", schema=error)
    for path, operations in {**paths, **operations_paths()}.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def operations_paths() -> dict[str, dict[str, Any]]:
    """This document (every service with one serves it at /api/v1/openapi.json), and what
    gongzhi.service.ServiceBase answers: metrics and health."""
    return {
        "/api/v1/openapi.json": {"get": _openapi_document()},
        "/metrics": {"get": _metrics()},
        "/health/live": {"get": _live()},
        "/health/ready": {"get": _ready()},
    }


def _openapi_document() -> dict[str, Any]:
    document = response({"type": "object"}, "the OpenAPI 3.1 document")
    return operation("openapi_document", "operations", "This document", {"200": document})


def _metrics() -> dict[str, Any]:
    text = {"description": "text exposition", "content": {METRICS_CONTENT_TYPE: {}}}
    return operation("metrics", "operations", "Prometheus metrics", {"200": text})


def _live() -> dict[str, Any]:
    alive = response(Liveness, "alive")
    return operation("live", "operations", "Liveness: the process answers", {"200": alive})


def _ready() -> dict[str, Any]:
    return operation(
        "ready",
        "operations",
        "Readiness: database, broker, topology and district config",
        responses={
            "200": response(Readiness, "ready"),
            "503": response(Readiness, "not ready: `checks` says what is missing"),
        },
    )


def operation(
    name: str, tag: str, summary: str, responses: dict[str, Any], **more: Any
) -> dict[str, Any]:
    """An operation named as its entrypoint; `more` is any other field (parameters,
    requestBody, security)."""
    return {"operationId": name, "tags": [tag], "summary": summary, **more, "responses": responses}


def query(
    schema: ma.Schema | type[ma.Schema], descriptions: dict[str, str]
) -> list[dict[str, Any]]:
    """The query parameters of `schema` (a class, or an instance that excludes some fields),
    each with its description: every field must have one."""
    converter = OpenAPIConverter(OPENAPI_VERSION, lambda _: None, None)  # type: ignore[arg-type]
    return [
        {**_never_null(parameter), "description": descriptions[parameter["name"]]}
        for parameter in converter.schema2parameters(schema, location="query")
    ]


def _never_null(parameter: dict[str, Any]) -> dict[str, Any]:
    """A query string has no null: marshmallow's `load_default=None` means "left out"."""
    schema = {k: v for k, v in parameter["schema"].items() if (k, v) != ("default", None)}
    if isinstance(schema["type"], list):
        (schema["type"],) = (t for t in schema["type"] if t != "null")
    return {**parameter, "schema": schema}


def request_body(schema: type[ma.Schema], example: dict[str, Any]) -> dict[str, Any]:
    """A required JSON body; schemathesis sends `example` first."""
    return {"required": True, "content": {JSON: {"schema": schema, "example": example}}}


def response(schema: Any, description: str) -> dict[str, Any]:
    """A JSON answer: `schema` is a marshmallow schema or a JSON Schema (which may hold them)."""
    return {"description": description, "content": {JSON: {"schema": schema}}}


def error(description: str) -> dict[str, Any]:
    """An answer other than success: the service's Error body, by reference, since what
    `service_document()` registers as Error is the service's subclass, not the class above."""
    return response({"$ref": "#/components/schemas/Error"}, description)


def keyed(
    name: str, tag: str, summary: str, security: list, responses: dict, **more: Any
) -> dict[str, Any]:
    """An operation behind the API-key guard (gongzhi.keyguard): a key that is not live, or a
    caller the service's access table does not let in, is a 403; a key past its rate a 429."""
    responses = {
        **responses,
        "403": error("no live API key, or its role may not do this: the message says why"),
        "429": {
            **error("the key is past its rate (gongzhi.keyguard.KeyGuard)"),
            "headers": {"Retry-After": {"description": "seconds", "schema": {"type": "string"}}},
        },
    }
    return operation(name, tag, summary, dict(sorted(responses.items())), security=security, **more)


def too_large() -> dict[str, Any]:
    return error("the body is too large (gongzhi.web.MAX_BODY_BYTES), refused unread")


def guards_table(guards: Mapping[str, Guard], roles: Sequence[str]) -> str:
    """A markdown table of what each key role may do, asked of the service's access guards
    (each raises an HttpError for a holder it refuses) rather than copied from them."""
    rows = [f"| role | {' | '.join(guards)} |", "|---" * (len(guards) + 1) + "|"]
    for role in roles:
        holder = Holder(key_id="-", name="holder", role=role)
        answers = ("yes" if _let_in(guard, holder) else "no" for guard in guards.values())
        rows.append(f"| {role} | {' | '.join(answers)} |")
    return "\n".join(rows)


def _let_in(guard: Guard, holder: Holder) -> bool:
    try:
        guard(holder)
    except HttpError:
        return False
    return True
