"""Deliberation's HTTP API as an OpenAPI 3.1 document, built from schemas.py; the roles table
comes from access.py's own guards. `gongzhi contract` commits it as
services/deliberation/openapi.json; the service serves the same."""

from typing import Any

from deliberation import access, board_openapi, execute_openapi, filing_openapi, vote_openapi
from deliberation import matter_schemas as schemas
from deliberation.model import KEY_ROLES
from gongzhi import openapi
from gongzhi.keyguard import HEADER

DESCRIPTION = (
    "Deliberation by 1+4+N councils: matters opened by staff, proposed by residents (through "
    "an app, with co-signers) or promoted from routing's cases; meetings, attendance, minutes, "
    "plans, the party committee's review; a council member's work; the public board (两公开). "
    "Every /api/v1/ call but this document and /api/v1/public/ needs an API key: the "
    f"`{HEADER}` header, or `?api_key=` on a GET. Keys are "
    "issued with `gongzhi keys issue --service deliberation --name <holder> --role <role>`; a "
    "member key's holder name is the person's id (e.g. p-1001). Errors are JSON: {error, "
    "message, details}."
)
KEYED_GET, KEYED, KEYS = openapi.KEYED_GET, openapi.KEYED, openapi.KEY_SCHEMES
MATTER_ID = {
    "in": "path",
    "name": "matter_id",
    "required": True,
    "schema": {"type": "string", "format": "uuid"},
}
MEETING_ID = {"in": "path", "name": "meeting_id", "required": True, "schema": {"type": "integer"}}
GUARDS: dict[str, openapi.Guard] = {
    "opens matters": access.opener,
    "calls meetings, records attendance, minutes, plans": access.secretary,
    "promotes cases": access.supervisor,
    "proposes, co-signs": access.resident_app,
    "reviews, reads its work": access.member,
    "reads matters": access.reader,
    **vote_openapi.GUARDS,
    **execute_openapi.GUARDS,
    **filing_openapi.GUARDS,
}
# Examples: schemathesis sends them first. The sample district's community and categories.
MATTER_EXAMPLE = {
    "community": "620502001001",
    "title": "停车难",
    "description": "晚上车位不够",
    "origin": "listed",
    "listed_code": "parking",
}
PROPOSAL_EXAMPLE = {
    "community": "620502001001",
    "title": "加装电梯",
    "description": "3号楼老人多",
    "resident_ref": "9f2c4e",
}
PROMOTION_EXAMPLE = {"issue_ids": ["c-1", "c-2"], "title": "下水道反复堵塞", "description": "三处"}
CALL_EXAMPLE = {
    "place": "社区议事厅",
    "agenda": "下水道改造方案",
    "starts_at": "2030-05-08T15:00:00+08:00",
    "stakeholders": [{"person": "p-2001", "party": "property_company"}],
}
MINUTES_EXAMPLE = {"meeting_id": 1, "summary": "议定改造", "opinions": {"party_core": "同意"}}
PLAN_EXAMPLE = {
    "summary": "分三步实施",
    "tasks": [
        {
            "title": "疏通主管道",
            "owner": {"kind": "department", "id": "city-management"},
            "category": "blocked-sewer",
            "tier": "street",
            "due_at": None,
        }
    ],
}
REVIEW_EXAMPLE = {
    "answers": {"lawful": True, "sound": True, "fair": True, "funded": True, "procedure": True},
    "approved": True,
}


def document() -> dict[str, Any]:
    description = f"{DESCRIPTION}\n\n{roles_table()}"
    return openapi.service_document(
        "Gongzhi deliberation", description, schemas.Error, _paths(), KEYS
    )


def roles_table() -> str:
    return openapi.guards_table(GUARDS, KEY_ROLES)


def _paths() -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/matters": {"get": _list_matters(), "post": _open_matter()},
        "/api/v1/proposals": {"post": _propose()},
        "/api/v1/promotions": {"post": _promote()},
        "/api/v1/matters/{matter_id}": {"get": _get_matter()},
        "/api/v1/matters/{matter_id}/co-signers": {"post": _co_sign()},
        "/api/v1/matters/{matter_id}/meetings": {"post": _call_meeting()},
        "/api/v1/matters/{matter_id}/minutes": {"post": _minutes()},
        "/api/v1/matters/{matter_id}/plan": {"post": _plan()},
        "/api/v1/matters/{matter_id}/review": {"post": _review()},
        "/api/v1/meetings/{meeting_id}/attendance": {"post": _attendance()},
        "/api/v1/work": {"get": _work()},
        **board_openapi.paths(),
        **vote_openapi.paths(),
        **execute_openapi.paths(_decision),
        **filing_openapi.paths(),
    }


def _decision(
    name: str,
    summary: str,
    body: tuple[Any, dict[str, Any]],
    ok: dict[str, Any],
    refusals: dict[str, str],
    parameters: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A POST that decides: its body and example, its answer, the refusals it may give."""
    responses = {
        **ok,
        "400": openapi.error("invalid fields, or a name the district does not have"),
        "413": openapi.too_large(),
        **{code: openapi.error(text) for code, text in refusals.items()},
    }
    more = {"parameters": parameters} if parameters else {}
    return openapi.keyed(
        name,
        "matters",
        summary,
        KEYED,
        responses,
        requestBody=openapi.request_body(*body),
        **more,
    )


def _matter(status: str = "200") -> dict[str, Any]:
    return {status: openapi.response(schemas.MatterDetailOut, "the matter as it now stands")}


NO_MATTER = {"404": "no such matter"}
NOT_NOW = "the matter is not at a step that takes this: the message says where it is"


def _open_matter() -> dict[str, Any]:
    body = (schemas.MatterIn, MATTER_EXAMPLE)
    return _decision("open_matter", "Open a matter at once (staff)", body, _matter("201"), {})


def _propose() -> dict[str, Any]:
    body = (schemas.ProposalIn, PROPOSAL_EXAMPLE)
    summary = "A resident's proposal, collecting co-signers (a resident app)"
    return _decision("propose", summary, body, _matter("201"), {})


def _co_sign() -> dict[str, Any]:
    body = (schemas.CoSignIn, {"resident_ref": "7a1d3b"})
    refusals = {**NO_MATTER, "409": "not collecting co-signers, or co-signed already"}
    summary = "A resident backs a proposal, once (a resident app)"
    return _decision("co_sign", summary, body, _matter(), refusals, [MATTER_ID])


def _promote() -> dict[str, Any]:
    body = (schemas.PromotionIn, PROMOTION_EXAMPLE)
    refusals = {
        "404": "a case deliberation has not heard of, or no matter `into`",
        "409": "a case in a matter already, cases of different communities, or a matter "
        "that takes no more cases",
    }
    summary = "Promote routing's cases to a matter (a supervisor)"
    return _decision("promote", summary, body, _matter("201"), refusals)


def _call_meeting() -> dict[str, Any]:
    body = (schemas.CallIn, CALL_EXAMPLE)
    ok = {"201": openapi.response(schemas.MeetingCalledOut, "the meeting's id")}
    refusals = {**NO_MATTER, "409": NOT_NOW}
    summary = "Call a council meeting on a matter, inviting the parties (staff)"
    return _decision("call_meeting", summary, body, ok, refusals, [MATTER_ID])


def _attendance() -> dict[str, Any]:
    body = (schemas.AttendanceIn, {"present": ["p-1001", "p-1009"]})
    ok = {"200": openapi.response(schemas.AttendanceOut, "the matters on the meeting")}
    refusals = {"404": "no such meeting", "409": "its attendance is recorded already"}
    summary = "Who came to a meeting (staff)"
    return _decision("attendance", summary, body, ok, refusals, [MEETING_ID])


def _minutes() -> dict[str, Any]:
    body = (schemas.MinutesIn, MINUTES_EXAMPLE)
    refusals = {"404": "no such matter, or no such meeting on it", "409": NOT_NOW}
    summary = "A held meeting's minutes with each party's opinion (staff)"
    return _decision("minutes", summary, body, _matter(), refusals, [MATTER_ID])


def _plan() -> dict[str, Any]:
    body = (schemas.PlanIn, PLAN_EXAMPLE)
    refusals = {**NO_MATTER, "409": NOT_NOW}
    summary = "The written plan with divided duties (staff)"
    return _decision("write_plan", summary, body, _matter(), refusals, [MATTER_ID])


def _review() -> dict[str, Any]:
    body = (schemas.ReviewIn, REVIEW_EXAMPLE)
    refusals = {**NO_MATTER, "409": "the matter is not in review"}
    summary = "The party committee's review (a member of the party that reviews)"
    return _decision("review", summary, body, _matter(), refusals, [MATTER_ID])


def _list_matters() -> dict[str, Any]:
    filters = {"community": "a community's grid code", "status": "the matters' status"}
    return openapi.keyed(
        "list_matters",
        "matters",
        "Matters, newest first",
        KEYED_GET,
        parameters=openapi.query(schemas.MatterQuery, filters),
        responses={
            "200": openapi.response(schemas.MattersOut, "the matters found"),
            "400": openapi.error("invalid fields, or a NUL character in the query"),
        },
    )


def _get_matter() -> dict[str, Any]:
    return openapi.keyed(
        "get_matter",
        "matters",
        "A matter with its cases, meetings, minutes, plan and reviews",
        KEYED_GET,
        parameters=[MATTER_ID],
        responses={**_matter(), "404": openapi.error("no such matter")},
    )


def _work() -> dict[str, Any]:
    return openapi.keyed(
        "work",
        "matters",
        "A council member's work: the matters at a step they act on, the overdue first; at an "
        "open vote, the ballots they still owe (votes_for)",
        KEYED_GET,
        responses={"200": openapi.response(schemas.WorkOut, "the matters")},
    )
