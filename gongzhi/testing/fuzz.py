"""A service's HTTP API against its OpenAPI document, under schemathesis: valid and invalid
requests alike get no 5xx and only documented status codes, content types and bodies. Each
service's test writes only its own part: whom it calls as, and about which existing record.

    @bounded(max_examples=50)
    @given(case=fuzz.requests_for(operation, report_id=report_id))
    def call(case):
        case.call_and_validate(checks=fuzz.CHECKS, timeout=10)

    failure = fuzz.failure_of(operation, call)
"""

import json
from collections.abc import Callable
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.errors import FailureGroup

from gongzhi import plugins
from gongzhi.testing.system import System

OPENAPI = "/api/v1/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# A request made by name: (method, path, keyword arguments of requests.request).
OddRequests = dict[str, tuple[str, str, dict[str, Any]]]


def bounded(max_examples: int) -> settings:
    """Settings bounded for CI: derandomized, so every run sends the same requests."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )


def committed(service: str) -> dict[str, Any]:
    """The service's OpenAPI document as `gongzhi contract` committed it."""
    path = plugins.get(service).openapi_file
    assert path is not None, f"{service} has no HTTP API"
    return json.loads(path.read_text(encoding="utf-8"))


def documented_operations(service: str) -> int:
    """How many operations the committed document has, the document itself aside (schemathesis
    skips it): what a fuzz run must reach, so a route added is fuzzed or the test says so."""
    paths = committed(service)["paths"]
    verbs = {"get", "post", "put", "patch", "delete"}
    return sum(len(verbs & set(item)) for path, item in paths.items() if path != OPENAPI)


def example(document: dict[str, Any], path: str) -> Any:
    """The example body the document gives for a POST to `path`."""
    return document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["example"]


def operations(system: System, service: str, **generation: Any) -> list:
    """The operations of the document the running service serves; `generation` updates
    schemathesis's generation config (e.g. with_security_parameters=False)."""
    schema = schemathesis.openapi.from_url(system.url(service, OPENAPI))
    if generation:
        schema.config.generation.update(**generation)
    return [result.ok() for result in schema.get_all_operations()]


def requests_for(operation, **existing: str) -> st.SearchStrategy:
    """Valid and invalid requests; on a path with one of the `existing` parameters (e.g.
    report_id="r1"), about that record as well as about generated ones."""
    named = [{name: value} for name, value in existing.items() if f"{{{name}}}" in operation.path]
    return st.one_of(
        [
            operation.as_strategy(generation_mode=mode, path_parameters=given_id)
            for mode in GenerationMode
            for given_id in [None, *named]
        ]
    )


def failure_of(operation, call: Callable[[], None]) -> str | None:
    """How `operation` broke the document under `call` (a hypothesis test), shrunk to its
    smallest request; None if it did not."""
    try:
        call()
    except (AssertionError, FailureGroup) as failure:
        return f"{operation.label}: {failure}"
    return None


def answers(system: System, service: str, odd: OddRequests, **kwargs: Any) -> dict[str, Any]:
    """Each odd request's response by its name; `kwargs` (headers ...) go with every one."""
    return {
        name: requests.request(method, system.url(service, path), timeout=10, **kwargs, **more)
        for name, (method, path, more) in odd.items()
    }
