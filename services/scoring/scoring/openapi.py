"""Scoring's HTTP API as an OpenAPI 3.1 document, built from schemas.py; the roles table comes
from access.py's guards. `gongzhi contract` commits it as services/scoring/openapi.json; the
service serves the same."""

from collections.abc import Callable
from typing import Any

from gongzhi import openapi
from gongzhi.apikeys import Holder
from gongzhi.keyguard import HEADER
from scoring import (
    access,
    assessment_openapi,
    export_openapi,
    rating_openapi,
    schemas,
    shop_openapi,
)
from scoring.model import KEY_ROLES

DESCRIPTION = (
    "Points for people who serve their community: the people registry (ids, community, role; "
    "never a name), accounts with their balance, limits and entries, claims of verified "
    "activities that an organiser of the person's community approves, and anomaly flags. "
    "Every balance is the sum of a double-entry ledger's legs. Every /api/v1/ call but this "
    f"document needs an API key: the `{HEADER}` header, or `?api_key=` on a GET. Keys are "
    "issued with `gongzhi keys issue --service scoring --name <holder> --role <role>`; an "
    "organiser's key is named after its community's code, a merchant's after the merchant. "
    "Errors are JSON: {error, message, details}; a refused earning names its cap or limit."
)
KEYED_GET: list[dict[str, list]] = [{"ApiKeyHeader": []}, {"ApiKeyQuery": []}]
KEYED: list[dict[str, list]] = [{"ApiKeyHeader": []}]
KEYS = {
    "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": HEADER},
    "ApiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
}


def _path(name: str, description: str) -> dict[str, Any]:
    return {
        "in": "path",
        "name": name,
        "required": True,
        "schema": {"type": "string"},
        "description": description,
    }


PERSON = _path("person", "the person's id, e.g. p-1001")
CODE = _path("code", "kind:holder, e.g. person:p-1001, budget:620502001001, merchant:m-1")
CLAIM_ID = {"in": "path", "name": "claim_id", "required": True, "schema": {"type": "integer"}}
# Examples: schemathesis sends them first. The sample district's community and activity.
PERSON_EXAMPLE = {"person": "p-1001", "community": "620502001001", "role": "volunteer"}
ACCOUNT_EXAMPLE = {"kind": "merchant", "holder": "m-1", "community": "620502001001"}
CLAIM_EXAMPLE = {"person": "p-1001", "activity": "public_welfare_post", "quantity": 2}
GUARDS: dict[str, Callable[[Holder], Holder]] = {
    "registers people, opens accounts": access.registrar,
    "reads a person": access.person_reader,
    "reads an account": access.account_reader,
    "claims": access.claimant,
    "lists claims": access.claims_reader,
    "decides claims": access.decider,
    "reads flags": access.operator,
    "sets a person's consent to be shown": access.consenter,
    "reads full rankings": access.rankings_reader,
    "reads assessment": access.assessor,
    "enters property inspections": access.inspector,
    "reads a property company's file": access.file_reader,
    "publishes projects": access.publisher,
    "lists projects": access.projects_reader,
    "claims projects, reports them done": access.project_claimant,
    "rates projects": access.rater,
    "records follow-ups": access.follower,
    **shop_openapi.GUARDS,
    "exports a month (台账)": access.exporter,
}


def document() -> dict[str, Any]:
    description = f"{DESCRIPTION}\n\n{roles_table()}"
    return openapi.service_document("Gongzhi scoring", description, schemas.Error, _paths(), KEYS)


def roles_table() -> str:
    return openapi.guards_table(GUARDS, KEY_ROLES)


def _paths() -> dict[str, dict[str, Any]]:
    from scoring import projects_openapi, rankings_openapi  # they build on this module's parts

    return {
        "/api/v1/people": {"post": _register_person()},
        "/api/v1/people/{person}": {"get": _get_person()},
        "/api/v1/accounts": {"post": _open_account()},
        "/api/v1/accounts/{code}": {"get": _get_account()},
        "/api/v1/claims": {"get": _list_claims(), "post": _make_claim()},
        "/api/v1/claims/{claim_id}/approve": {"post": _decide("approve_claim", "Approve")},
        "/api/v1/claims/{claim_id}/reject": {"post": _decide("reject_claim", "Reject")},
        "/api/v1/flags": {"get": _list_flags()},
        **rankings_openapi.paths(),
        **assessment_openapi.paths(),
        **projects_openapi.paths(),
        **rating_openapi.paths(KEYED),
        **shop_openapi.paths(),
        **export_openapi.paths(),
    }


def _register_person() -> dict[str, Any]:
    person = openapi.response(schemas.PersonOut, "registered so already")
    return openapi.keyed(
        "register_person",
        "people",
        "Register a person by id, community and role (an operator's key)",
        KEYED,
        requestBody=openapi.request_body(schemas.PersonIn, PERSON_EXAMPLE),
        responses={
            "200": person,
            "201": openapi.response(schemas.PersonOut, "registered now, with an account"),
            "400": openapi.error("not JSON, invalid fields, an unknown community or role"),
            "409": openapi.error("registered already in another community or role"),
            "413": openapi.too_large(),
        },
    )


def _get_person() -> dict[str, Any]:
    return openapi.keyed(
        "get_person",
        "people",
        "A person's community, role and balance (an organiser: its community's people alone)",
        KEYED_GET,
        parameters=[PERSON],
        responses={
            "200": openapi.response(schemas.PersonOut, "the person"),
            "400": openapi.error("a NUL character in the path"),
            "404": openapi.error("no such person the key may see"),
        },
    )


def _open_account() -> dict[str, Any]:
    opened = openapi.response(schemas.AccountOut, "opened so already")
    return openapi.keyed(
        "open_account",
        "accounts",
        "Open an organisation's or a merchant's account (an operator's key)",
        KEYED,
        requestBody=openapi.request_body(schemas.AccountIn, ACCOUNT_EXAMPLE),
        responses={
            "200": opened,
            "201": openapi.response(schemas.AccountOut, "opened now"),
            "400": openapi.error("not JSON, invalid fields, an unknown community"),
            "409": openapi.error("opened already in another community"),
            "413": openapi.too_large(),
        },
    )


def _get_account() -> dict[str, Any]:
    return openapi.keyed(
        "get_account",
        "accounts",
        "An account's balance, limits and latest entries",
        KEYED_GET,
        parameters=[CODE],
        responses={
            "200": openapi.response(schemas.AccountOut, "the account"),
            "400": openapi.error("a NUL character in the path"),
            "404": openapi.error("no such account the key may see"),
        },
    )


def _make_claim() -> dict[str, Any]:
    claim = openapi.response(schemas.ClaimOut, "the claim its client_key made before")
    return openapi.keyed(
        "make_claim",
        "claims",
        "Claim a verified activity for a registered person (a resident app's key)",
        KEYED,
        requestBody=openapi.request_body(schemas.ClaimIn, CLAIM_EXAMPLE),
        responses={
            "200": claim,
            "201": openapi.response(schemas.ClaimOut, "claimed, waiting for its organiser"),
            "400": openapi.error("not JSON, invalid fields, an unknown activity, too many"),
            "404": openapi.error("no such person registered"),
            "409": openapi.error("the activity is not for the person's role"),
            "413": openapi.too_large(),
        },
    )


def _list_claims() -> dict[str, Any]:
    return openapi.keyed(
        "list_claims",
        "claims",
        "Claims, newest first: an organiser's community's, or all for an operator",
        KEYED_GET,
        parameters=openapi.query(schemas.ClaimsQuery, {"status": "claimed, approved or rejected"}),
        responses={
            "200": openapi.response(schemas.ClaimsOut, "the claims"),
            "400": openapi.error("invalid fields, or a NUL character in the query"),
        },
    )


def _decide(name: str, verb: str) -> dict[str, Any]:
    body = {"required": False, "content": {openapi.JSON: {"schema": schemas.DecisionIn}}}
    return openapi.keyed(
        name,
        "claims",
        f"{verb} a claim of the organiser's community; approving posts its points",
        KEYED,
        parameters=[CLAIM_ID],
        requestBody=body,
        responses={
            "200": openapi.response(schemas.ClaimOut, "the claim as decided"),
            "400": openapi.error("not JSON, or invalid fields"),
            "404": openapi.error("no such claim in the organiser's community"),
            "409": openapi.error("decided already, or a cap or limit refuses its points"),
            "413": openapi.too_large(),
        },
    )


def _list_flags() -> dict[str, Any]:
    return openapi.keyed(
        "list_flags",
        "accounts",
        "Anomaly flags, newest first: accounts earning far above their community's norm",
        KEYED_GET,
        responses={"200": openapi.response(schemas.FlagsOut, "the flags")},
    )
