"""The OpenAPI document is a valid 3.1 document that names every native HTTP entrypoint, under
the entrypoint's own name, and no Open311 one (GeoReport v2 is its own spec)."""

import inspect
import re

from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from openapi_spec_validator import validate

from gongzhi.web import JsonHttpHandler
from intake import openapi
from intake.service import IntakeService

METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def native_entrypoints() -> set[tuple[str, str, str]]:
    """(method, path, name) of every @api entrypoint, paths written the OpenAPI way."""
    found = set()
    for name, function in inspect.getmembers(IntakeService, inspect.isfunction):
        for entrypoint in getattr(function, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, JsonHttpHandler) and "/open311/" not in entrypoint.url:
                path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", entrypoint.url)
                found.add((entrypoint.method.lower(), path, name))
    return found


def documented_operations(document: dict) -> set[tuple[str, str, str]]:
    return {
        (method, path, operation["operationId"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def test_the_document_is_valid_openapi_3_1():
    document = openapi.document()
    validate(document)
    assert document["openapi"] == "3.1.0"


def test_every_native_entrypoint_is_documented_and_nothing_else():
    assert documented_operations(openapi.document()) == native_entrypoints()


def test_every_error_answer_is_an_error_body():
    document = openapi.document()
    for item in document["paths"].values():
        for method in METHODS & item.keys():
            for status, response in item[method]["responses"].items():
                if status.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}
