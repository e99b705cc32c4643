"""One matter, one rating (一事一评, issue 14 point 1) through the running services: a resident
reports a dangerous house with their phone number; routing gives it to the housing department,
which resolves it; scoring invites the reporter and notify texts them their own link (read off
the district's SMS gateway, a real local server); they answer unsatisfied through it, routing
reopens the case and the department hears in its inbox; resolved again, the new link is rated
satisfied and the case stays resolved, and the department's month (assessment) shows both
ratings and its satisfaction rate. The first link, used, is refused; no link is in a log
event (an access log line's path is masked by gongzhi.logs).

One running system for the file: intake, routing, notify and scoring, on the sample district
with notify's residents' rules on the gateway."""

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from runpy import run_path
from zoneinfo import ZoneInfo

import pytest
from structlog.testing import capture_logs

from gongzhi.testing.districts import copy_sample, replace_section
from gongzhi.testing.plugin import DISPATCH_SECONDS
from gongzhi.testing.system import System, eventually

pytestmark = pytest.mark.integration
# pytest imports notify's tests/ folder as the package `tests`: its servers are run from the file.
SERVERS = run_path(str(Path(__file__).parents[1] / "services/notify/tests/servers.py"))
SERVICES = ("intake", "routing", "notify", "scoring")
GRID = "620502001001001"
OWNER = "housing"  # a dangerous house is the street's: the housing department's (routing.table)
PHONE = "13800138000"
TOKEN = re.compile(r"/r/([A-Za-z0-9_-]{12,64}\.[A-Za-z0-9_-]{16})")
FIRST = {"text": "已对房屋进行安全鉴定并加固", "photos": []}
AGAIN = {"text": "已更换承重梁, 复查合格", "photos": []}
NOTIFY = """notify:
  templates: templates
  channels:
    sms: {kind: apprise, url: "SMS_URL", address: phone, variant: sms}
    inbox: {kind: inbox}
  retry: {attempts: 2, base_seconds: 0.2, max_age_minutes: 10, timeout_seconds: 5}
  quiet_hours: {start: "00:00", end: "00:00"}  # none: the test runs on the real clock
  residents: {public_url: "http://127.0.0.1:8003"}
  rules:
    - event: scoring.rating.invited.v1
      to: [reporter, co_reporters]
      template: rating.invite
      chain: [sms]
    - event: routing.issue.transitioned.v1
      when: {action: [reopen]}
      to: [owner]
      template: issue.reopened
      chain: [inbox]
"""


@pytest.fixture
def gateway():
    with SERVERS["sms_gateway"]() as running:
        yield running


@pytest.fixture
def running(tmp_path, amqp_uri, database_settings, gateway, monkeypatch) -> Iterator[System]:
    folder = copy_sample(tmp_path)
    url = gateway.url().replace(gateway.secret, "{env:GONGZHI_SECRET_SMS}")
    replace_section(folder, "notify", NOTIFY.replace("SMS_URL", url))
    monkeypatch.setenv("GONGZHI_SECRET_SMS", gateway.secret)
    system = System(amqp_uri, database_settings, folder)
    system.environ |= {"GONGZHI_DISPATCH_SECONDS": DISPATCH_SECONDS}
    yield system.start(*SERVICES)
    system.stop_all()


def keyed(key: str) -> dict:
    return {"headers": {"X-Api-Key": key}}


def reported(system: System) -> str:
    point = system.district.grid(GRID).polygon.representative_point()
    report = {"category": "dangerous-house", "lat": point.y, "long": point.x}
    report |= {"description": "楼道墙体开裂", "channel": "app", "reporter_contact": PHONE}
    app = keyed(system.key("intake", "resident_app"))
    made = system.post("intake", "/api/v1/reports", json=report, **app)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def case(system: System, issue_id: str) -> dict:
    staff = keyed(system.key("routing", "staff", OWNER))
    found = system.get("routing", f"/api/v1/cases/{issue_id}", **staff)
    return found.json() if found.ok else {}


def act(system: System, issue_id: str, action: str, **more) -> None:
    body = {"action": action, "actor": "owner", **more}
    key = system.key("routing", "staff", OWNER)
    done = system.post("routing", f"/api/v1/cases/{issue_id}/actions", json=body, **keyed(key))
    assert done.status_code == 200, done.text


def links_texted(gateway) -> list[str]:
    """The rating tokens in the texts the gateway took for the reporter's number, in order."""
    texts = [s["text"] for s in gateway.sent if s["phone_numbers"] == [f"+86{PHONE}"]]
    return [token for text in texts for token in TOKEN.findall(text)]


def texted_link(gateway, count: int) -> str:
    """The newest of `count` links texted so far, once the gateway has taken them."""

    def texted() -> list[str] | None:
        found = links_texted(gateway)
        return found if len(found) == count else None

    return str(eventually(texted, timeout=30, interval=0.25)[-1])


def rate(system: System, token: str, verdict: str, reasons: list[str]):
    body = {"verdict": verdict, "reasons": reasons, "comment": "墙还在裂"}
    return system.post("scoring", f"/api/v1/ratings/{token}", json=body)


def test_an_unsatisfied_resident_reopens_the_case_and_its_owner_hears(running, gateway):
    with capture_logs() as logged:
        first, second = rated_twice(running, gateway)
    lines = [str(entry) for entry in logged]
    assert [line for line in lines if first in line or second in line] == []


def rated_twice(system: System, gateway) -> tuple[str, str]:
    """The story, step by step; the two links the reporter was texted."""
    issue_id = reported(system)
    eventually(lambda: case(system, issue_id).get("owner", {}).get("id") == OWNER, interval=0.25)
    act(system, issue_id, "accept")
    act(system, issue_id, "start")
    act(system, issue_id, "resolve", answer=FIRST)

    # The reporter's own link, by SMS; its page shows what was done.
    first = texted_link(gateway, 1)
    page = system.get("scoring", f"/r/{first}")
    assert page.status_code == 200
    assert FIRST["text"] in page.text

    # Unsatisfied: routing reopens the case, and the housing department hears in its inbox.
    answered = rate(system, first, "unsatisfied", ["not_fixed"])
    assert answered.status_code == 201, answered.text
    eventually(lambda: case(system, issue_id).get("status") == "in_progress", interval=0.25)
    inbox = keyed(system.key("notify", "staff", OWNER))

    def told() -> list[dict]:
        messages = system.get("notify", "/api/v1/inbox", **inbox).json()["messages"]
        return [m for m in messages if m["subject"] == issue_id and "重新办理" in m["title"]]

    [reopened] = eventually(told, timeout=30, interval=0.25)
    assert "unsatisfied rating" in reopened["body"]
    assert rate(system, first, "satisfied", []).status_code == 409  # used

    # Resolved again: a new link, rated satisfied; the case stays resolved.
    act(system, issue_id, "resolve", answer=AGAIN)
    second = texted_link(gateway, 2)
    assert second != first
    assert rate(system, second, "satisfied", []).status_code == 201
    assert case(system, issue_id)["status"] == "resolved"
    assert system.metric("scoring", "gongzhi_scoring_ratings_total") == 2

    # The housing department's month (assessment): both ratings, half of them content.
    month = datetime.now(ZoneInfo(system.district.timezone)).strftime("%Y-%m")
    supervisor = keyed(system.key("scoring", "supervisor"))
    path = f"/api/v1/assessment/{month}/departments/{OWNER}"

    def counted() -> dict | None:
        found = system.get("scoring", path, **supervisor).json()
        return found if found["ratings"]["count"] == 2 else None

    shown = eventually(counted, interval=0.25)
    assert shown["ratings"] == {"count": 2, "satisfied": 1, "basically": 0, "unsatisfied": 1}
    assert shown["figures"]["satisfaction"] == 0.5
    assert shown["figures"]["repeat"] == 1.0  # its one case resolved was reopened
    assert (shown["department"], shown["cases"]) == (OWNER, 1)
    return first, second
