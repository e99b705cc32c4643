"""Who may do what on intake, decided in one table (access.py): each route says who may call
it, the key or the token decides an update's author, and only some callers read in full."""

import pytest
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from gongzhi.web import JsonHttpHandler
from intake import access
from intake.followup import Grant
from intake.model import KEY_ROLES
from intake.service import IntakeService

SUBMITTERS = ("resident_app", "hotline_agent", "integrator", "grid_worker", "staff")
OWN_TOKEN = access.Caller(grant=Grant("r1", co_report=False))
CO_REPORTERS_TOKEN = access.Caller(grant=Grant("r1", co_report=True))


def http_routes() -> set[str]:
    return {
        name
        for name in dir(IntakeService)
        if any(
            isinstance(e, JsonHttpHandler)
            for e in getattr(getattr(IntakeService, name), ENTRYPOINT_EXTENSIONS_ATTR, ())
        )
    }


def may(caller: access.Caller, route: str) -> bool:
    try:
        access.check(caller, route)
    except access.Forbidden:
        return False
    return True


def test_every_http_route_of_intake_says_who_may_call_it():
    # These read no key: metrics, health and the document are anyone's (as on every service),
    # an unrouted Open311 path anyone's 404 or 405.
    keyless = {"metrics", "live", "ready", "openapi_document", "open311_unrouted"}
    assert http_routes() - keyless == set(access.ROUTES)


@pytest.mark.parametrize("role", KEY_ROLES)
def test_every_key_role_but_the_viewer_submits_natively_and_by_open311(role):
    for route in ("submit_report", "open311_post_request"):
        assert may(access.Caller(role=role), route) == (role in SUBMITTERS)


def test_without_a_key_nobody_submits_or_adds_an_update():
    for route in ("submit_report", "open311_post_request", "add_update"):
        assert not may(access.Caller(), route)


@pytest.mark.parametrize(
    ("caller", "full"),
    [
        (access.Caller(), False),
        (access.Caller(role="resident_app"), False),
        (access.Caller(role="hotline_agent"), False),
        (access.Caller(role="integrator"), False),
        (access.Caller(role="grid_worker"), True),
        (access.Caller(role="staff"), True),
        (access.Caller(role="viewer"), True),
        (OWN_TOKEN, True),
        (CO_REPORTERS_TOKEN, False),  # the case holds another resident's words
    ],
)
def test_who_reads_the_full_record_and_who_the_public_view(caller, full):
    assert may(caller, "get_report")
    assert caller.full_view == full


@pytest.mark.parametrize(
    ("caller", "claimed", "author"),
    [
        (access.Caller(role="staff"), None, "staff"),
        (access.Caller(role="grid_worker"), "staff", "staff"),
        (OWN_TOKEN, None, "reporter"),
        (CO_REPORTERS_TOKEN, "reporter", "reporter"),
        (access.Caller(role="resident_app", grant=OWN_TOKEN.grant), None, "reporter"),
    ],
)
def test_the_key_or_the_token_decides_who_an_update_is_by(caller, claimed, author):
    assert access.author(caller, claimed) == author


@pytest.mark.parametrize(
    ("caller", "claimed"),
    [
        (access.Caller(), "staff"),
        (access.Caller(role="resident_app"), "staff"),
        (access.Caller(role="viewer"), None),
        (OWN_TOKEN, "staff"),
        (access.Caller(role="staff"), "reporter"),
    ],
)
def test_a_body_claiming_another_author_is_forbidden(caller, claimed):
    with pytest.raises(access.Forbidden):
        access.author(caller, claimed)


@pytest.mark.parametrize("role", [access.PUBLIC, *KEY_ROLES])
def test_only_staff_hide_from_the_public_view(role):
    for route in ("hide_report", "hide_update"):
        assert may(access.Caller(role=role), route) == (role == "staff")
    assert not may(OWN_TOKEN, "hide_report")
