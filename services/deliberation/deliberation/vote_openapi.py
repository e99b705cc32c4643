"""The assembly vote's routes in deliberation's OpenAPI document (openapi.py adds them), under
/api/v1/matters/{matter_id}/vote, with their guards for the roles table."""

from typing import Any

from deliberation import access, schemas
from gongzhi import openapi

VOTE = "/api/v1/matters/{matter_id}/vote"
MATTER_ID = {"in": "path", "name": "matter_id", "required": True, "schema": {"type": "string"}}
BID = {"in": "path", "name": "bid", "required": True, "schema": {"type": "string"}}
GUARDS: dict[str, openapi.Guard] = {
    "casts ballots": access.voter,
    "opens and closes votes, enters and confirms paper ballots": access.secretary,
}
NO_VOTE = {"404": "the matter has no vote"}
CLOSED = "the vote has closed, or another change to the matter came first (contended)"


def paths() -> dict[str, dict[str, Any]]:
    return {
        VOTE: {"get": _status(), "post": _open()},
        f"{VOTE}/ballots": {"post": _ballot()},
        f"{VOTE}/proxies": {"post": _proxy()},
        f"{VOTE}/paper-ballots": {"get": _unconfirmed(), "post": _paper()},
        f"{VOTE}/paper-ballots/{{bid}}/confirm": {"post": _confirm()},
        f"{VOTE}/close": {"post": _close()},
        f"{VOTE}/recount": {"post": _recount()},
    }


def _write(
    name: str, summary: str, body: tuple[Any, dict] | None, ok: dict, refusals: dict[str, str]
) -> dict[str, Any]:
    """A POST under a staff or member key; `body` its schema and example, None for none."""
    responses = {
        **ok,
        "400": openapi.error("invalid fields, or an unknown option"),
        "413": openapi.too_large(),
        **{code: openapi.error(text) for code, text in refusals.items()},
    }
    parameters = [MATTER_ID, BID] if name == "confirm_paper" else [MATTER_ID]
    more = {"requestBody": openapi.request_body(*body)} if body else {}
    return openapi.keyed(
        name, "vote", summary, openapi.KEYED, responses, parameters=parameters, **more
    )


def _ok(status: str, schema: Any, description: str) -> dict[str, Any]:
    return {status: openapi.response(schema, description)}


def _status() -> dict[str, Any]:
    return openapi.operation(
        "vote_status",
        "vote",
        "A vote's state and rules, for anyone; its result per party once closed, never before",
        {**_ok("200", schemas.VoteOut, "the vote"), "404": openapi.error("no vote")},
        parameters=[MATTER_ID],
    )


def _open() -> dict[str, Any]:
    body = (schemas.OpenIn, {"community": "620502001001"})
    refusals = {"409": "the matter has a vote already"}
    ok = _ok("201", schemas.VoteOut, "the vote, its roster and rules as they stand now")
    return _write("open_vote", "Open a matter's vote (staff)", body, ok, refusals)


def _ballot() -> dict[str, Any]:
    body = (schemas.BallotIn, {"option": "agree"})
    refusals = {**NO_VOTE, "409": f"a second ballot where none may change; {CLOSED}"}
    ok = _ok("201", schemas.BallotOut, "taken") | _ok("200", schemas.BallotOut, "replaced")
    summary = "A member's ballot, for themselves or as a voter's proxy holder (member)"
    return _write("cast_ballot", summary, body, ok, refusals)


def _proxy() -> dict[str, Any]:
    body = (schemas.ProxyIn, {"holder": "p-1103", "document": "委托书 2026-041"})
    refusals = {**NO_VOTE, "409": f"a second appointment, a chain, past the limit; {CLOSED}"}
    ok = _ok("201", schemas.ProxyOut, "appointed")
    summary = "A written proxy appointment (a member for themselves, or staff for a voter)"
    return _write("appoint_proxy", summary, body, ok, refusals)


def _paper() -> dict[str, Any]:
    body = (schemas.PaperIn, {"voter": "p-1104", "option": "agree"})
    refusals = {**NO_VOTE, "409": f"the voter has a ballot in; {CLOSED}"}
    ok = _ok("201", schemas.PaperEnteredOut, "entered, unconfirmed")
    return _write("enter_paper", "Enter a paper ballot (staff)", body, ok, refusals)


def _confirm() -> dict[str, Any]:
    body = (schemas.ConfirmIn, {"option": "agree"})
    refusals = {
        "404": "no such paper ballot",
        "409": f"entered by the same key, another option, confirmed already; {CLOSED}",
    }
    ok = _ok("200", schemas.PaperConfirmedOut, "confirmed: it counts")
    summary = "Confirm another's paper ballot by entering its option again (staff)"
    return _write("confirm_paper", summary, body, ok, refusals)


def _close() -> dict[str, Any]:
    ok = _ok("200", schemas.ClosedOut, "the result per party, published")
    return _write("close_vote", "Close the vote (staff)", None, ok, {**NO_VOTE, "409": CLOSED})


def _recount() -> dict[str, Any]:
    ok = _ok("200", schemas.RecountOut, "the count again beside the published result")
    refusals = {**NO_VOTE, "409": "the vote is open: a count now would be a partial tally"}
    return _write("recount_vote", "Count a closed vote again (staff)", None, ok, refusals)


def _unconfirmed() -> dict[str, Any]:
    return openapi.keyed(
        "unconfirmed_paper",
        "vote",
        "Paper ballots waiting for a second person, without their options (staff)",
        openapi.KEYED_GET,
        {
            **_ok("200", schemas.UnconfirmedOut, "the unconfirmed"),
            "404": openapi.error("the matter has no vote"),
        },
        parameters=[MATTER_ID],
    )
