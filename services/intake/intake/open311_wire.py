"""Open311 GeoReport v2 on the wire: XML (with its prolog) and JSON (the spec's mechanical
mapping of the XML), errors as an `errors/error` list. Plain functions, no nameko."""

import json
from typing import Any
from xml.etree import ElementTree

from werkzeug.wrappers import Response

CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
# The element name of one item inside each list, as the spec writes its XML.
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "service_requests_updates": "request_update",
}


def respond(fmt: str, root: str, body: Any, status: int = 200) -> Response:
    """`body` is a list (of items named after `root`) or a dict (the root's children)."""
    if fmt == "json":
        text = json.dumps(body, ensure_ascii=False)
    else:
        element = ElementTree.Element(root)
        _fill(element, root, body)
        text = '<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(
            element, encoding="unicode"
        )
    return Response(text, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, problems: list[tuple[int, str]]) -> Response:
    """The spec's error body: every problem as (code, description); the code is a number in
    JSON, `[{"code": 403, "description": "..."}]`, and text in XML, as the spec shows."""
    body = [{"code": code, "description": description} for code, description in problems]
    return respond(fmt, "errors", body, status)


def _fill(element: ElementTree.Element, name: str, value: Any) -> None:
    if isinstance(value, list):
        for item in value:
            _fill(ElementTree.SubElement(element, ITEMS.get(name, name)), name, item)
    elif isinstance(value, dict):
        for key, child in value.items():
            _fill(ElementTree.SubElement(element, key), key, child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
