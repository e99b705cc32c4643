"""A council's decision reaches the residents whose reports were promoted into the matter, and
a task of its plan becomes a case of its owner: intake, routing and notify running over the real
broker, deliberation's events published as deliberation publishes them."""

import uuid
from datetime import UTC, datetime

import pytest

from gongzhi.envelope import Event
from gongzhi.testing.bus import publish
from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
SHED = "经居民代表大会表决通过: 在3号楼北侧增设非机动车棚, 物业于十五个工作日内完工"


@pytest.fixture(autouse=True)
def unthrottled(system):
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "60000", "GONGZHI_RATE_BURST": "1000"}


def report(system, n: int) -> str:
    body = {
        "category": "disorderly-parking",
        "lat": 34.5705 + n * 0.002,
        "long": 105.705,
        "description": "电动车堆在楼道口, 推不出婴儿车",
        "channel": "app",
        "reporter_contact": f"1380013800{n}",
    }
    key = {"X-Api-Key": system.key("intake", "resident_app")}
    answer = system.post("intake", "/api/v1/reports", json=body, headers=key)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def announce(system, type_: str, data: dict) -> None:
    event = Event(
        type=f"deliberation.{type_}.v1",
        source=f"/gongzhi/{system.district.code}/deliberation",
        data=data,
        district=system.district.code,
        correlationid=str(uuid.uuid4()),
    )
    publish(
        system.amqp_uri, "gongzhi.deliberation", event.type, event.to_json(), message_id=event.id
    )


def answer_of(system, report_id: str) -> dict | None:
    """The latest answer on the report's public view."""
    return system.get("intake", f"/api/v1/reports/{report_id}").json().get("answer")


def case(system, issue_id: str) -> dict | None:
    key = {"X-Api-Key": system.key("routing", "supervisor")}
    found = system.get("routing", f"/api/v1/cases/{issue_id}", headers=key)
    return found.json() if found.status_code == 200 else None


def told_residents(system, report_id: str) -> list[str]:
    key = {"X-Api-Key": system.key("notify", "operator")}
    found = system.get("notify", "/api/v1/deliveries", params={"subject": report_id}, headers=key)
    return [
        d["template"]
        for d in found.json()["deliveries"]
        if d["recipient"].startswith("resident:") and d["status"] == "delivered"
    ]


def test_the_decision_is_the_answer_of_each_promoted_case_and_its_reporter_is_told(system):
    system.start("intake", "routing", "notify")
    ids = [report(system, n) for n in range(3)]
    for report_id in ids:
        eventually(lambda rid=report_id: case(system, rid), interval=0.25)
    decided = {
        "matter_id": str(uuid.uuid4()),
        "community": "620502001001",
        "title": "非机动车停放",
        "carried": True,
        "answer": {"text": SHED, "photos": []},
        "issue_ids": ids,
        "decided_at": datetime.now(UTC).isoformat(),
    }
    announce(system, "matter.decided", decided)
    for report_id in ids:
        public = eventually(
            lambda rid=report_id: (
                system.get("intake", f"/api/v1/reports/{rid}").json().get("answer")
            ),
            interval=0.25,
        )
        assert public["text"] == SHED
        assert case(system, report_id)["status"] == "replied"
        told = eventually(
            lambda rid=report_id: "report.answered" in told_residents(system, rid), interval=0.25
        )
        assert told


def test_a_task_of_the_plan_becomes_a_case_of_its_owner(system):
    system.start("routing")
    task_id = str(uuid.uuid4())
    task = {
        "task_id": task_id,
        "matter_id": str(uuid.uuid4()),
        "community": "620502001001",
        "title": "核查车棚选址的房屋结构安全",
        "category": "dangerous-house",
        "tier": "street",
        "owner": {"kind": "department", "id": "housing"},
        "due_at": None,
        "assigned_at": datetime.now(UTC).isoformat(),
    }
    announce(system, "task.assigned", task)
    opened = eventually(lambda: case(system, task_id), interval=0.25)
    assert opened["owner"] == {"kind": "department", "id": "housing"}
    assert opened["status"] == "assigned"
