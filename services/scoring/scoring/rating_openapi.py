"""The routes of one matter, one rating in scoring's OpenAPI document (openapi.py): a resident's
link (its page and its answer; the signed token is the credential, once), staff follow-ups
(回访) with a key, and the public scores of a resolved case, for anyone."""

from typing import Any

from gongzhi import openapi
from scoring import rating_schemas

TAG = "ratings"
TOKEN = {
    "in": "path",
    "name": "token",
    "required": True,
    "schema": {"type": "string"},
    "description": "the signed token of a resident's rating link (<nonce>.<signature>)",
}
ISSUE_ID = {
    "in": "path",
    "name": "issue_id",
    "required": True,
    "schema": {"type": "string"},
    "description": "the case's id, as routing and Open311 show it",
}
HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}
VERDICT_EXAMPLE = {"verdict": "unsatisfied", "reasons": ["not_fixed"], "comment": "还在漏水"}
FOLLOW_UP_EXAMPLE = {"verdict": "satisfied", "method": "call"}
LINK_REFUSALS = {
    "404": openapi.error("a forged link, or one naming no invitation"),
    "409": openapi.error("the link was used"),
    "410": openapi.error("the link expired, or the case was resolved again since"),
}
TOO_MANY = {
    **openapi.error("past the rate for one address"),
    "headers": {"Retry-After": {"description": "seconds", "schema": {"type": "string"}}},
}


def paths(follow_up_security: list) -> dict[str, dict[str, Any]]:
    scores = "/api/v1/public/issues/{issue_id}/scores"
    return {
        "/r/{token}": {"get": _page()},
        "/api/v1/ratings/{token}": {"post": _rate()},
        "/api/v1/issues/{issue_id}/follow-ups": {"post": _follow_up(follow_up_security)},
        scores: {"get": _public_scores(), "post": _score_publicly()},
    }


def _page() -> dict[str, Any]:
    return openapi.operation(
        "rating_page",
        TAG,
        "A resident's rating link as an HTML page (zh-CN, for a phone): the case's public "
        "answer and the form; no key, the link is the credential",
        parameters=[TOKEN],
        responses={
            "200": {"description": "the page", **HTML},
            "404": {"description": "a forged link, as a page", **HTML},
            "409": {"description": "a used link, as a page", **HTML},
            "410": {"description": "an expired link, as a page", **HTML},
        },
    )


def _rate() -> dict[str, Any]:
    return openapi.operation(
        "rate",
        TAG,
        "A resident's verdict through their link, once: JSON, or the page's form (answered "
        "with a page); an unsatisfied one reopens the case in routing",
        parameters=[TOKEN],
        requestBody=openapi.request_body(rating_schemas.VerdictIn, VERDICT_EXAMPLE),
        responses={
            "201": openapi.response(rating_schemas.RatingOut, "the rating, recorded"),
            "400": openapi.error("not JSON, invalid fields, a reason the district lacks"),
            **LINK_REFUSALS,
            "413": openapi.too_large(),
        },
    )


def _follow_up(security: list) -> dict[str, Any]:
    return openapi.keyed(
        "follow_up",
        TAG,
        "A staff follow-up (回访) of a resolved case by visit or call: an operator's key, or "
        "the organiser's of the case's community",
        security,
        parameters=[ISSUE_ID],
        requestBody=openapi.request_body(rating_schemas.FollowUpIn, FOLLOW_UP_EXAMPLE),
        responses={
            "201": openapi.response(rating_schemas.RatingOut, "the rating, recorded"),
            "400": openapi.error("not JSON, invalid fields, a reason the district lacks"),
            "404": openapi.error("no resolved case the key may see"),
            "409": openapi.error("the case was reopened: rate it once resolved again"),
            "413": openapi.too_large(),
        },
    )


def _score_publicly() -> dict[str, Any]:
    return openapi.operation(
        "score_publicly",
        TAG,
        "Anyone's verdict (satisfied, basically, unsatisfied) on a resolved case's published "
        "answer; no key, rate-limited per address",
        parameters=[ISSUE_ID],
        requestBody=openapi.request_body(rating_schemas.PublicScoreIn, {"verdict": "basically"}),
        responses={
            "201": openapi.response(rating_schemas.PublicScoresOut, "the case's public scores"),
            "400": openapi.error("not JSON, or invalid fields"),
            "404": openapi.error("no resolved case of that id"),
            "413": openapi.too_large(),
            "429": TOO_MANY,
        },
    )


def _public_scores() -> dict[str, Any]:
    return openapi.operation(
        "public_scores",
        TAG,
        "A resolved case's published answer (masked) and the public's verdicts on it",
        parameters=[ISSUE_ID],
        responses={
            "200": openapi.response(rating_schemas.PublicScoresOut, "the case's public scores"),
            "404": openapi.error("no resolved case of that id"),
            "429": TOO_MANY,
        },
    )
