"""Who may do what through intake's HTTP API, native and Open311: by the role of the API key
(header X-Api-Key; `?api_key=` on a GET and `api_key` in an Open311 POST's form), or by a
reporter's follow-up token for that report alone (header X-Follow-Up-Token).

| route                | no key | resident_app  | grid_worker | staff    | viewer | token  |
|                      |        | hotline_agent |             |          |        |        |
|                      |        | integrator    |             |          |        |        |
|----------------------|--------|---------------|-------------|----------|--------|--------|
| submit (+ Open311)   | no     | yes           | yes         | yes      | no     | -      |
| read reports, updates| public | public        | full        | full     | full   | full   |
| comment, add a photo | no     | no            | as staff    | as staff | no     | as reporter |
| hide report or update| no     | no            | no          | yes      | no     | no     |

(Stats, the OpenAPI document and Open311's discovery and services: anyone.)
public: the public view (a hidden report or update is absent; a hidden report by id is 404);
full: the whole record, hidden ones too with who hid them, when and why. A co-reporter's token
(附议: the report joined another resident's case) reads the case's public view only.
A presented key must be live (else 403); a presented token that does not open the report is a
404, as for no such report, so ids cannot be probed with it. An update's author is decided here,
by the key or the token: a body that claims another is refused (403).
Issue keys with `gongzhi keys issue --name <holder> --role <role>`.
"""

from dataclasses import dataclass

from gongzhi.apikeys import Holder
from intake.followup import Grant

PUBLIC = "public"  # no key: the role of an anonymous caller
REPORTER = "reporter"  # a follow-up token's holder, on its own report
SUBMITTERS = frozenset({"resident_app", "hotline_agent", "integrator", "grid_worker", "staff"})
FULL_VIEW = frozenset({"grid_worker", "staff", "viewer"})
STAFF_AUTHORS = frozenset({"grid_worker", "staff"})
EVERYONE = SUBMITTERS | FULL_VIEW | {PUBLIC, REPORTER}

# Every HTTP entrypoint of IntakeService, by name: who may call it.
ROUTES: dict[str, frozenset[str]] = {
    "submit_report": SUBMITTERS,
    "list_reports": EVERYONE,
    "get_report": EVERYONE,
    "add_update": STAFF_AUTHORS | {REPORTER},
    "list_updates": EVERYONE,
    "hide_report": frozenset({"staff"}),
    "hide_update": frozenset({"staff"}),
    "repeat_stats": EVERYONE,
    "open311_discovery": EVERYONE,
    "open311_services": EVERYONE,
    "open311_service_definition": EVERYONE,
    "open311_post_request": SUBMITTERS,
    "open311_get_requests": EVERYONE,
    "open311_get_request": EVERYONE,
    "open311_updates": EVERYONE,
    "open311_token": EVERYONE,
}


class Forbidden(Exception):
    """The caller may not do this; the message says why."""


@dataclass(frozen=True)
class Caller:
    """Who calls: the key's role and holder, and what a follow-up token opens."""

    role: str = PUBLIC
    name: str | None = None  # the key's holder
    grant: Grant | None = None  # the follow-up token's, for the report the route is about

    @property
    def full_view(self) -> bool:
        """Whether the caller reads the whole record; else the public view."""
        own_report = self.grant is not None and not self.grant.co_report
        return self.role in FULL_VIEW or own_report

    @property
    def reporter(self) -> bool:
        return self.grant is not None


def caller(holder: Holder | None, grant: Grant | None) -> Caller:
    if holder is None:
        return Caller(grant=grant)
    return Caller(role=holder.role, name=holder.name, grant=grant)


def check(who: Caller, route: str) -> None:
    """Raise Forbidden unless `who` may call `route` (an entrypoint's name)."""
    allowed = ROUTES[route]
    if who.role in allowed or (who.reporter and REPORTER in allowed):
        return
    raise Forbidden(f"{_named(who)} may not call {route}")


def author(who: Caller, claimed: str | None) -> str:
    """Who an update is by: staff for a grid worker's or staff key, else the reporter for a
    token's holder. Raise Forbidden when the body claims another."""
    decided = "staff" if who.role in STAFF_AUTHORS else REPORTER if who.reporter else None
    if decided is None or claimed not in (None, decided):
        raise Forbidden(f"{_named(who)} may not post as {claimed or 'anyone'}")
    return decided


def _named(who: Caller) -> str:
    return "a caller without a key" if who.role == PUBLIC else f"a {who.role} key"
