"""A service's OpenAPI document read against the service: its operations, its HTTP entrypoints
written the OpenAPI way, the answers it documents as validators, its roles table, and the
operations that break the house rules (an error answer that is no Error body, an API call
that asks for no key)."""

import inspect
import re
from typing import Any

from jsonschema import Draft202012Validator
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from gongzhi.web import JsonHttpHandler

METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
OPEN = {"/api/v1/openapi.json", "/metrics", "/health/live", "/health/ready"}
ERROR = {"$ref": "#/components/schemas/Error"}


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) of every operation the document names."""
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def documented(document: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(method, path, op["operationId"]) for method, path, op in operations(document)}


def http_entrypoints(service: type) -> set[tuple[str, str, str]]:
    """(method, path, name) of every HTTP entrypoint of `service`, paths the OpenAPI way."""
    found = set()
    for name, function in inspect.getmembers(service, inspect.isfunction):
        for entrypoint in getattr(function, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, JsonHttpHandler):
                path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", entrypoint.url)
                found.add((entrypoint.method.lower(), path, name))
    return found


def answer_schema(
    document: dict[str, Any], method: str, path: str, status: str = "200"
) -> Draft202012Validator:
    """A validator of the answer `path` documents, its $refs resolved in the document."""
    response = document["paths"][path][method]["responses"][status]
    schema = response["content"]["application/json"]["schema"]
    rooted = {**schema, "components": document["components"]}
    return Draft202012Validator(rooted, format_checker=Draft202012Validator.FORMAT_CHECKER)


def not_error_bodies(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(method, path, status) of each 4xx answer whose body is not the Error schema."""
    return [
        (method, path, status)
        for method, path, operation in operations(document)
        for status, response in operation["responses"].items()
        if status.startswith("4") and response["content"]["application/json"]["schema"] != ERROR
    ]


def unkeyed(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(method, path) of each operation that breaks the key rule: an API call takes its key in
    the header or, on a GET, the query, and may be refused it (403, 429); the document,
    metrics and health take none."""
    return [
        (method, path)
        for method, path, operation in operations(document)
        if _schemes(operation) != _expected(method, path)
        or (path not in OPEN and not {"403", "429"} <= operation["responses"].keys())
    ]


def roles(document: dict[str, Any]) -> dict[str, list[str]]:
    """The description's roles table: each role's row of answers, by the role."""
    return {
        line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
        for line in document["info"]["description"].splitlines()
        if line.startswith("| ") and not line.startswith("| role")
    }


def _schemes(operation: dict[str, Any]) -> set[str]:
    return {name for each in operation.get("security", ()) for name in each}


def _expected(method: str, path: str) -> set[str]:
    if path in OPEN:
        return set()
    return {"ApiKeyHeader", "ApiKeyQuery"} if method == "get" else {"ApiKeyHeader"}
