"""Issue 14's yellow card over the real bus: scoring and notify run; routing's steps and the
residents' ratings of five of housing's cases in October come onto the broker as routing and
scoring's ratings send them; replies were late and residents unsatisfied, so when an operator
closes October (`gongzhi scoring assess 2026-10`) housing scores under 80, gets one yellow card,
and its head, whom notify's directory files under housing, finds it in their inbox. Closing the
month again sends nothing more."""

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from gongzhi.db import create_engine_for
from gongzhi.envelope import Event
from gongzhi.testing.bus import publish
from gongzhi.testing.system import eventually
from notify import directory
from scoring.assessment_command import assess
from scoring.assessment_plan import plan_of

pytestmark = pytest.mark.integration
HOUSING = {"kind": "department", "id": "housing"}
STREET = {"kind": "street", "id": "620502001"}
HEAD = "dh-housing"
DIRECTORY = f"""id,kind,name,phone,email,wecom,dingtalk,feishu,community
{HEAD},department_head,住建局局长,,,,,,housing
"""
MONTH_PATH = "/api/v1/assessment/2026-10/departments/housing"


def send(system, kind: str, data: dict) -> None:
    emitter = kind.split(".", 1)[0]
    source = f"/gongzhi/{system.district.code}/{emitter}"
    event = Event(
        type=kind, source=source, data=data, district=system.district.code, correlationid="c"
    )
    publish(system.amqp_uri, f"gongzhi.{emitter}", kind, event.to_json(), message_id=event.id)


def clock(name: str, started: str, stopped: str | None, deadline: str) -> dict:
    return {
        "clock": name,
        "calendar": "natural",
        "light": "green",
        "started_at": started,
        "stopped_at": stopped,
        "deadline": deadline,
        "yellow_at": deadline,
        "red_at": deadline,
    }


def step(issue: str, action: str, at: str, came_from: dict, clocks: list[dict]) -> dict:
    """A transition as routing sends it: housing owns the heating-pipe case at the street tier."""
    return {
        "issue_id": issue,
        "category": "heating-pipe",
        "grid": {"code": "620502001001001", "name": "西关第一社区第1网格"},
        "tier": "street",
        "owner": HOUSING,
        "status": {"assign": "assigned", "reply": "replied", "resolve": "resolved"}[action],
        "light": "green",
        "assigned_at": "2026-10-05T09:00:00+08:00",
        "paused": False,
        "clocks": clocks,
        "co_handlers": [],
        "action": action,
        "actor": "owner",
        "reason": "",
        "from_status": None,
        "from_owner": came_from,
        "from_tier": "street",
        "at": at,
    }


def a_late_case(system, day: int) -> str:
    """Received, replied to after its deadline, resolved, then rated unsatisfied."""
    issue, on = str(uuid.uuid4()), f"2026-10-{day:02d}"
    started, due = f"{on}T09:00:00+08:00", f"{on}T10:00:00+08:00"
    replied, resolved = f"{on}T15:00:00+08:00", f"{on}T16:00:00+08:00"
    send(system, "routing.issue.transitioned.v1", step(issue, "assign", started, STREET, []))
    late = [clock("reply", started, replied, due)]
    send(system, "routing.issue.transitioned.v1", step(issue, "reply", replied, HOUSING, late))
    send(system, "routing.issue.transitioned.v1", step(issue, "resolve", resolved, HOUSING, []))
    rating = {"rating_id": uuid.uuid4().hex, "issue_id": issue, "verdict": "unsatisfied"}
    rating |= {"source": "resident", "reasons": [], "rated_at": f"{on}T18:00:00+08:00"}
    rating |= {"owner": HOUSING, "department": "housing", "community": "620502001001"}
    send(system, "scoring.rating.recorded.v1", rating | {"category": "heating-pipe"})
    return issue


def filed_head(system, tmp_path) -> None:
    """The head of housing in notify's directory, as `gongzhi notify directory import` files it."""
    csv = tmp_path / "directory.csv"
    csv.write_text(DIRECTORY, encoding="utf-8")
    engine = create_engine_for(system.databases["notify"])
    try:
        with Session(engine) as session, session.begin():
            report = directory.import_csv(session, csv, datetime.now(UTC))
    finally:
        engine.dispose()
    assert (report.imported, report.bad) == (1, [])


def close_october(system) -> list:
    engine = create_engine_for(system.databases["scoring"])
    try:
        now = datetime(2026, 11, 1, 9, tzinfo=UTC)
        return assess(engine, system.district.code, "2026-10", plan_of(system.district), now)
    finally:
        engine.dispose()


def test_a_department_under_80_gets_a_yellow_card_and_its_head_is_told(system, tmp_path):
    system.start("scoring", "notify")
    filed_head(system, tmp_path)
    for day in range(5, 10):
        a_late_case(system, day)
    supervisor = {"X-Api-Key": system.key("scoring", "supervisor")}

    def rated_month():
        found = system.get("scoring", MONTH_PATH, headers=supervisor).json()
        return found if found["ratings"]["count"] == 5 and found["cases"] == 5 else None

    month = eventually(rated_month, interval=0.25)
    assert month["figures"]["reply_on_time"] == 0.0
    assert month["figures"]["satisfaction"] == 0.0
    [scored] = close_october(system)
    assert (scored.owner, scored.card) == (("department", "housing"), True)
    assert scored.score is not None
    assert scored.score < 80
    head = {"X-Api-Key": system.key("notify", "staff", HEAD)}

    def told():
        messages = system.get("notify", "/api/v1/inbox", headers=head).json()["messages"]
        return messages or None

    [message] = eventually(told, interval=0.25)
    assert "黄牌警告" in message["title"]
    assert "2026-10" in message["body"]
    assert close_october(system) == []  # closed once: nothing scored, no second card
    shown = system.get("scoring", MONTH_PATH, headers=supervisor).json()
    assert (shown["closed"], shown["card"], shown["score"]) == (True, True, scored.score)
