"""Routing's OpenAPI document: a valid 3.1 document, committed as built, naming every HTTP
entrypoint under its own name, each behind the key the service asks for, with the roles table
access.py enforces; and what the views answer fits the answers it documents."""

import inspect
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from openapi_spec_validator import validate

from gongzhi import contract
from gongzhi.web import JsonHttpHandler
from routing import handlers, openapi, schemas, views
from routing.config import UNITS
from routing.service import RoutingService

METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"
OPEN = {"/api/v1/openapi.json", "/metrics", "/health/live", "/health/ready"}
GRID = "620502001001001"
COMMUNITY = "620502001001"


@pytest.fixture(scope="module")
def document() -> dict:
    return openapi.document()


def http_entrypoints() -> set[tuple[str, str, str]]:
    """(method, path, name) of every HTTP entrypoint, paths written the OpenAPI way."""
    found = set()
    for name, function in inspect.getmembers(RoutingService, inspect.isfunction):
        for entrypoint in getattr(function, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, JsonHttpHandler):
                path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", entrypoint.url)
                found.add((entrypoint.method.lower(), path, name))
    return found


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def answer_schema(document: dict, method: str, path: str) -> Draft202012Validator:
    """A validator of the 200 answer `path` documents, its $refs resolved in the document."""
    response = document["paths"][path][method]["responses"]["200"]
    schema = response["content"]["application/json"]["schema"]
    rooted = {**schema, "components": document["components"]}
    return Draft202012Validator(rooted, format_checker=Draft202012Validator.FORMAT_CHECKER)


def inside_grid(district) -> tuple[float, float]:
    point = district.grid(GRID).polygon.representative_point()
    return point.x, point.y


class TestTheDocument:
    def test_it_is_valid_openapi_3_1(self, document):
        validate(document)
        assert document["openapi"] == "3.1.0"

    def test_the_committed_copy_is_the_one_built(self, document):
        assert json.loads(COMMITTED.read_text(encoding="utf-8")) == document
        assert contract.api_documents()[COMMITTED] == COMMITTED.read_text(encoding="utf-8")

    def test_every_http_entrypoint_is_documented_and_nothing_else(self, document):
        documented = {(m, path, op["operationId"]) for m, path, op in operations(document)}
        assert documented == http_entrypoints()

    def test_every_error_answer_is_an_error_body(self, document):
        for _, _, operation in operations(document):
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}


class TestKeys:
    def test_every_api_call_but_the_document_needs_a_key_and_may_be_refused_one(self, document):
        for method, path, operation in operations(document):
            if path in OPEN:
                assert "security" not in operation, path
                continue
            schemes = {name for each in operation["security"] for name in each}
            expected = {"ApiKeyHeader", "ApiKeyQuery"} if method == "get" else {"ApiKeyHeader"}
            assert schemes == expected, path
            assert {"403", "429"} <= operation["responses"].keys(), path

    def test_the_key_goes_in_the_header_or_on_a_get_in_the_query(self, document):
        schemes = document["components"]["securitySchemes"]
        assert schemes["ApiKeyHeader"] == {"type": "apiKey", "in": "header", "name": "X-Api-Key"}
        assert schemes["ApiKeyQuery"] == {"type": "apiKey", "in": "query", "name": "api_key"}

    def test_the_work_query_leaves_the_key_to_its_security_scheme(self, document):
        parameters = document["paths"]["/api/v1/work"]["get"]["parameters"]
        names = [p["name"] for p in parameters]
        assert names == ["owner_kind", "owner_id", "community", "department", "limit", "offset"]

    def test_the_description_tells_each_role_what_it_may_do(self, document):
        rows = {
            line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
            for line in document["info"]["description"].splitlines()
            if line.startswith("| ") and not line.startswith("| role")
        }
        assert rows == {
            "grid_worker": ["yes", "on its own cases", "no", "yes"],
            "staff": ["yes", "on its own cases", "no", "yes"],
            "supervisor": ["yes", "no", "on any case", "no"],
            "viewer": ["yes", "no", "no", "no"],
        }


class TestAnswersFitTheDocument:
    def test_a_case_with_co_handlers_a_granted_extension_and_a_task_done(
        self, desk, district, document
    ):
        desk.report("r1", "illegal-structure", inside_grid(district))
        desk.act("r1", "request_extension", clock="reply", extension="365d", reason="鉴定")
        desk.act("r1", "approve", actor="supervisor", actor_id="gs-620502001")
        handlers.finish_task(
            "r1",
            "housing",
            session=desk.session,
            outbox=desk._outbox(),
            clock=desk.clock,
            policy=desk.policy,
        )
        case = views.case_detail(desk.session, district, "r1")

        answer_schema(document, "get", "/api/v1/cases/{issue_id}").validate(case)
        assert any("provisional" in clock for clock in case["clocks"])  # reckoned by rule
        assert case["co_handlers"][0]["done_at"] is not None

    def test_a_work_queue(self, desk, district, document):
        desk.report("r1", "blocked-sewer", inside_grid(district))
        desk.report("r2", "illegal-structure", inside_grid(district))
        found = views.work(desk.session, views.Queue(community=COMMUNITY), limit=10)

        answer_schema(document, "get", "/api/v1/work").validate({"cases": found})
        assert len(found) == 2

    @pytest.mark.parametrize("by", ["tier", "light", "department"])
    def test_the_stats_by_each_kind(self, desk, district, document, by):
        desk.report("r1", "dangerous-house", inside_grid(district))  # housing leads
        desk.report("r2", "blocked-sewer", inside_grid(district))
        desk.act("r2", "accept")
        counts = views.stats(desk.session, by)

        answer_schema(document, "get", "/api/v1/stats/{by}").validate({"by": by, "counts": counts})
        assert counts != []


class TestExtensions:
    """An extension is asked for in minutes, hours or days, up to a year: beyond it the clock
    times once overflowed into a 500."""

    @settings(max_examples=200)
    @given(amount=st.integers(0, 10**12), unit=st.sampled_from(sorted(UNITS)))
    def test_an_extension_is_taken_if_and_only_if_it_is_at_most_a_year(self, amount, unit):
        asked = {"action": "request_extension", "actor": "owner", "extension": f"{amount}{unit}"}
        within_a_year = amount * UNITS[unit] <= 365 * 86400
        refused = {"extension": ["an extension of at most 365d"]}

        assert schemas.ActionIn().validate(asked) == ({} if within_a_year else refused)

    def test_the_longest_extension_taken_is_granted_without_overflow(self, desk, district):
        longest = str(schemas.MAX_EXTENSION)
        desk.report("r1", "blocked-sewer", inside_grid(district))
        desk.act("r1", "request_extension", clock="resolution", extension=longest, reason="等")
        desk.act("r1", "approve", actor="supervisor")
        desk.act("r1", "request_extension", clock="resolution", extension=longest, reason="等")
        desk.act("r1", "approve", actor="supervisor")

        clocks = {c["clock"]: c for c in views.case_detail(desk.session, district, "r1")["clocks"]}
        assert clocks["resolution"]["deadline"] or clocks["resolution"]["unscheduled"]
