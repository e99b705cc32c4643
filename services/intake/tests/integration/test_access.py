"""Who may do what on intake, through the running service: each caller on each route, native
and Open311, as one table. The report the table is about was hidden by staff, so a read in
full (which shows it) is told apart from the public view (which does not)."""

import pytest
import requests

pytestmark = pytest.mark.integration
ROLES = ("resident_app", "hotline_agent", "integrator", "grid_worker", "staff", "viewer")
TOKEN_HEADER = "X-Follow-Up-Token"
UNKNOWN_KEY = "gz_" + "x" * 43
WRONG_TOKEN = "gzf_" + "x" * 43
REPORT = {
    "category": "blocked-sewer",
    "lat": 34.5805,
    "long": 105.7203,
    "description": "下水道堵塞, 污水漫到路面",
    "attributes": {"overflowing": "yes", "gas_smell": "no"},
    "channel": "app",
}
OPEN311_REPORT = {
    "service_code": "blocked-sewer",
    "lat": "34.5805",
    "long": "105.7203",
    "description": "下水道堵塞",
    "attribute[overflowing]": "yes",
    "attribute[gas_smell]": "no",
}

# Rows: routes. Columns: the callers below. full: 200 and the hidden report is there;
# pub: 200 and it is not, as in the public view (absent from lists, 404 by id, its updates too).
CALLERS = (
    "no key",
    *ROLES,
    "own token",  # the reporter's follow-up token for this report
    "co-reporter's token",  # 附议: the token of a report that joined this case
    "wrong token",
    "unknown key",
)
TABLE = """
route                      none  app   hotln integ grid  staff view  token co-tk wrong badky
submit_report              403   201   201   201   201   201   403   403   403   403   403
list_reports               pub   pub   pub   pub   full  full  full  pub   pub   pub   403
get_report                 404   404   404   404   200   200   200   200   404   404   403
add_update                 403   403   403   403   201   201   403   201   201   404   403
list_updates               404   404   404   404   full  full  full  full  404   404   403
hide_report                403   403   403   403   403   200   403   403   403   403   403
hide_update                403   403   403   403   403   200   403   403   403   403   403
repeat_stats               200   200   200   200   200   200   200   200   200   200   403
open311_discovery          200   200   200   200   200   200   200   200   200   200   403
open311_services           200   200   200   200   200   200   200   200   200   200   403
open311_service_definition 200   200   200   200   200   200   200   200   200   200   403
open311_post_request       403   200   200   200   200   200   403   403   403   403   403
open311_get_requests       pub   pub   pub   pub   full  full  full  pub   pub   pub   403
open311_get_request        404   404   404   404   200   200   200   200   404   404   403
open311_updates            pub   pub   pub   pub   full  full  full  pub   pub   pub   403
open311_token              404   404   404   404   404   404   404   404   404   404   403
"""


def table() -> list[tuple[str, str, str]]:
    """(route, caller, what it answers) for every cell."""
    rows = [line.split() for line in TABLE.strip().splitlines()[1:]]
    return [
        (row[0], caller, want)
        for row in rows
        for caller, want in zip(CALLERS, row[1:], strict=True)
    ]


class Meeting:
    """A report submitted by a resident app and joined by a hotline call (附议), with a staff
    update, then hidden by staff; each caller's key or token, and each route's request."""

    def __init__(self, system):
        self.system = system
        self.keys = {role: system.key("intake", role) for role in ROLES}
        self.keys["unknown key"] = UNKNOWN_KEY
        self.tokens: dict[str, str] = {}
        own, joined = self.submit("resident_app"), self.submit("hotline_agent")
        assert (joined["id"], joined["merged"]) == (own["id"], True)
        self.report_id = own["id"]
        self.tokens |= {
            "own token": own["follow_up_token"],
            "co-reporter's token": joined["follow_up_token"],
            "wrong token": WRONG_TOKEN,
        }
        path = f"/api/v1/reports/{self.report_id}"
        added = self.native(
            "staff", "POST", f"{path}/updates", {"kind": "comment", "text": "已派人"}
        )
        self.update_id = added.json()["id"]
        assert self.native("staff", "POST", f"{path}/hide", {"reason": "abuse"}).ok

    def submit(self, role: str) -> dict:
        taken = self.native(role, "POST", "/api/v1/reports", REPORT)
        assert taken.status_code == 201, taken.text
        return taken.json()

    def native(self, caller: str, method: str, path: str, body: dict | None = None):
        """A call with the caller's key and token in their headers."""
        headers = {"X-Api-Key": self.keys[caller]} if caller in self.keys else {}
        headers |= {TOKEN_HEADER: self.tokens[caller]} if caller in self.tokens else {}
        url = self.system.url("intake", path)
        return requests.request(method, url, json=body, headers=headers, timeout=10)

    def open311(self, caller: str, method: str, path: str, form: dict | None = None):
        """A call with the key as the spec has it (`api_key`), and the token in its header."""
        key = {"api_key": self.keys[caller]} if caller in self.keys else {}
        headers = {TOKEN_HEADER: self.tokens[caller]} if caller in self.tokens else {}
        url = self.system.url("intake", f"/open311/v2/{path}")
        if method == "POST":
            return requests.post(url, data={**(form or {}), **key}, headers=headers, timeout=10)
        return requests.get(url, params=key, headers=headers, timeout=10)

    def call(self, route: str, caller: str):
        report = f"/api/v1/reports/{self.report_id}"
        native = {
            "submit_report": ("POST", "/api/v1/reports", REPORT),
            "list_reports": ("GET", "/api/v1/reports", None),
            "get_report": ("GET", report, None),
            "add_update": ("POST", f"{report}/updates", {"kind": "comment", "text": "还在漏"}),
            "list_updates": ("GET", f"{report}/updates", None),
            "hide_report": ("POST", f"{report}/hide", {"reason": "abuse"}),
            "hide_update": ("POST", f"{report}/updates/{self.update_id}/hide", HIDE),
            "repeat_stats": ("GET", "/api/v1/stats/repeats", None),
        }
        open311 = {
            "open311_discovery": ("GET", "discovery.json", None),
            "open311_services": ("GET", "services.json", None),
            "open311_service_definition": ("GET", "services/blocked-sewer.json", None),
            "open311_post_request": ("POST", "requests.json", OPEN311_REPORT),
            "open311_get_requests": ("GET", "requests.json", None),
            "open311_get_request": ("GET", f"requests/{self.report_id}.json", None),
            "open311_updates": ("GET", "servicerequestupdates.json", None),
            "open311_token": ("GET", "tokens/t1.json", None),
        }
        if route in native:
            return self.native(caller, *native[route])
        return self.open311(caller, *open311[route])

    def answer(self, route: str, response) -> str:
        """What the table says for a response: its status, or full or pub for a list."""
        if route not in SHOWN or response.status_code != 200:
            return str(response.status_code)
        return "full" if SHOWN[route](response.json(), self.report_id) else "pub"


HIDE = {"reason": "personal_data"}
# Whether a list shows the hidden report (or, for its updates, any of them).
SHOWN = {
    "list_reports": lambda body, report_id: report_id in [r["id"] for r in body["reports"]],
    "list_updates": lambda body, _: bool(body["updates"]),
    "open311_get_requests": lambda body, report_id: (
        report_id in [r["service_request_id"] for r in body]
    ),
    "open311_updates": lambda body, report_id: report_id in [u["service_request_id"] for u in body],
}


@pytest.fixture
def meeting(system):
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "60000", "GONGZHI_RATE_BURST": "1000"}
    system.start("intake")
    return Meeting(system)


def test_each_caller_on_each_intake_route_is_answered_as_the_table_says(meeting):
    wrong = {
        f"{route} by {caller}": f"{got}, not {want}"
        for route, caller, want in table()
        if (got := meeting.answer(route, meeting.call(route, caller))) != want
    }
    assert wrong == {}


def test_a_body_claiming_staff_without_a_staff_key_is_refused(meeting):
    path = f"/api/v1/reports/{meeting.report_id}/updates"
    claim = {"kind": "comment", "author": "staff", "text": "已办结"}
    for caller in ("own token", "resident_app", "hotline_agent", "viewer"):
        refused = meeting.native(caller, "POST", path, claim)
        assert (refused.status_code, refused.json()["error"]) == (403, "forbidden"), caller
    added = meeting.native("grid_worker", "POST", path, claim)
    assert added.status_code == 201


def test_the_key_or_the_token_decides_who_an_update_is_by(meeting):
    path = f"/api/v1/reports/{meeting.report_id}/updates"
    for caller in ("own token", "grid_worker"):
        assert meeting.native(caller, "POST", path, {"kind": "comment", "text": "好"}).ok
    updates = meeting.native("viewer", "GET", path).json()["updates"]
    assert [u["author"] for u in updates[-2:]] == ["reporter", "staff"]


def test_a_follow_up_token_opens_its_own_report_alone(meeting):
    taken = meeting.native("staff", "POST", "/api/v1/reports", {**REPORT, "lat": 34.5712})
    path = f"/api/v1/reports/{taken.json()['id']}"
    assert meeting.native("no key", "GET", path).status_code == 200
    assert meeting.native("own token", "GET", path).status_code == 404
    comment = {"kind": "comment", "text": "还在漏"}
    assert meeting.native("own token", "POST", f"{path}/updates", comment).status_code == 404


def test_staff_hiding_stays_in_the_full_record_with_who_when_and_why(meeting):
    path = f"/api/v1/reports/{meeting.report_id}"
    found = meeting.native("viewer", "GET", path).json()
    assert (found["hidden"]["reason"], found["hidden"]["by"]) == ("abuse", "tests")
    hid = meeting.native("staff", "POST", f"{path}/updates/{meeting.update_id}/hide", HIDE)
    assert hid.json()["hidden"]["reason"] == "personal_data"
    [update] = meeting.native("viewer", "GET", f"{path}/updates").json()["updates"]
    assert update["hidden"]["reason"] == "personal_data"
    assert meeting.native("staff", "POST", f"{path}/hide", {"reason": "spam"}).status_code == 400
