"""Hand-back to the sending platform (办结反馈): a 12345 platform publishes a work order with the
cloudevents SDK; the grid worker accepts, answers and resolves the case in routing; the platform
reads each step back from its own queue, outbound.hotline12345, as CloudEvents it can parse with
the same SDK: each once, in the order they were taken, with its work-order id, the status, the
answer and the times. That runs as deployed: intake and routing each `gongzhi serve`d in a
process of its own, the platform in this one, on the real clock. The same order sent again is
taken once; a supervisor's reopening goes back too; an order from a source the district does not
name is dead-lettered with the reason."""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import requests
from cloudevents.v1.conversion import to_structured
from cloudevents.v1.http import CloudEvent, from_json

from gongzhi.district import District
from gongzhi.retry import REASON_HEADER
from gongzhi.testing.bus import publish, take_all, take_until
from gongzhi.testing.processes import Served, database_environ
from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
REQUESTED = "intake.report.requested.v1"
PLATFORM_QUEUE = "outbound.hotline12345"
GRID = "620502001001001"
WORKER = f"gw-{GRID}"
REPLIED = {"text": "已联系排水公司, 明日上午上门疏通", "photos": []}
CLEARED = {"text": "管道已疏通, 路面已清理消毒", "photos": ["https://img.example.cn/after.jpg"]}


@dataclass(frozen=True)
class Running:
    """intake and routing, in this process (System) or each in its own (Served)."""

    url: Callable[[str, str], str]  # (service, path)
    key: Callable[[str, str, str], str]  # (service, role, holder)
    amqp_uri: str
    district: District

    def get(self, service: str, path: str, key: str) -> requests.Response:
        return requests.get(self.url(service, path), headers={"X-Api-Key": key}, timeout=10)


@pytest.fixture
def in_process(system) -> Running:
    system.start("intake", "routing")
    return Running(system.url, system.key, system.amqp_uri, system.district)


@pytest.fixture
def deployed(tmp_path, amqp_uri, database_settings, system) -> Iterator[Running]:
    environ = {
        "AMQP_URI": amqp_uri,
        **database_environ({s: database_settings[s] for s in ("intake", "routing")}),
    }
    served = Served(tmp_path, environ)
    try:
        served.prepare("intake", "routing")
        served.start("intake", "routing")
        yield Running(served.url, served.issue_key, amqp_uri, system.district)
    finally:
        served.stop_all()


def work_order(system, order_id: str, source: str = "/platform/12345") -> bytes:
    """A work order as the 12345 platform writes it, with the cloudevents SDK."""
    point = system.district.grid(GRID).polygon.representative_point()
    attributes = {
        "type": REQUESTED,
        "source": source,
        "district": system.district.code,
        "correlationid": f"12345-{order_id}",
    }
    data = {
        "category": "blocked-sewer",
        "location": {"lat": point.y, "long": point.x},
        "description": "市民来电: 下水道堵塞, 污水漫到路面",
        "channel": "hotline",
        "attributes": {"overflowing": "yes", "gas_smell": "no"},
        "work_order_id": order_id,
    }
    return to_structured(CloudEvent(attributes, data))[1]


def act(running: Running, issue_id: str, key: str, action: str, actor: str = "owner", **more):
    url = running.url("routing", f"/api/v1/cases/{issue_id}/actions")
    body = {"action": action, "actor": actor, **more}
    acted = requests.post(url, json=body, headers={"X-Api-Key": key}, timeout=10)
    assert acted.status_code == 200, acted.text


def steps(system, count: int) -> list[CloudEvent]:
    """What the platform reads from its queue: `count` steps, then nothing more."""
    messages = take_until(system.amqp_uri, PLATFORM_QUEUE, count)
    assert len(messages) == count, [m.body for m in messages]
    return [from_json(message.body) for message in messages]


def dispatched(running: Running) -> tuple[str, str]:
    """A work order GD… from the 12345 platform, taken in by intake and routed to the grid's
    worker: the order's id and the case's."""
    order_id = f"GD{uuid.uuid4().hex[:12]}"
    publish(running.amqp_uri, "gongzhi.intake", REQUESTED, work_order(running, order_id))
    viewer = running.key("intake", "viewer", "tests")
    # Polled gently: a key is rate-limited (30 at once, 2/s).
    listed = eventually(
        lambda: running.get("intake", "/api/v1/reports", viewer).json()["reports"], interval=0.25
    )
    [report] = listed
    worker = running.key("routing", "grid_worker", WORKER)
    path = f"/api/v1/cases/{report['id']}"
    eventually(lambda: running.get("routing", path, worker).ok, interval=0.25)
    return order_id, report["id"]


def test_the_platform_hears_accepted_answered_and_resolved_each_once_in_order(deployed):
    order_id, issue_id = dispatched(deployed)
    worker = deployed.key("routing", "grid_worker", WORKER)
    act(deployed, issue_id, worker, "accept")
    act(deployed, issue_id, worker, "start")
    act(deployed, issue_id, worker, "reply", answer=REPLIED)
    act(deployed, issue_id, worker, "resolve", reason="内部: 已派疏通车", answer=CLEARED)

    heard = steps(deployed, 3)

    assert [e["type"] for e in heard] == [
        "intake.work_order.accepted.v1",
        "intake.work_order.answered.v1",
        "intake.work_order.resolved.v1",
    ]
    assert {e["recipient"] for e in heard} == {"hotline12345"}
    assert {e["subject"] for e in heard} == {order_id}
    data = [e.get_data() for e in heard]
    assert {(d["platform"], d["work_order_id"], d["report_id"]) for d in data} == {
        ("hotline12345", order_id, issue_id)
    }
    assert [d["status"] for d in data] == ["accepted", "replied", "resolved"]
    assert [d["answer"] for d in data] == [None, REPLIED, CLEARED]
    assert data[0]["at"] < data[1]["at"] < data[2]["at"]
    assert all(d["received_at"] <= d["at"] for d in data)
    assert data[0]["expected_at"]  # the reply deadline the platform can hold the street to
    assert "内部" not in str(data)  # the internal reason stays in routing
    assert take_all(deployed.amqp_uri, PLATFORM_QUEUE) == []


def test_the_same_order_sent_again_is_taken_once_and_a_reopening_goes_back(in_process):
    order_id, issue_id = dispatched(in_process)
    publish(in_process.amqp_uri, "gongzhi.intake", REQUESTED, work_order(in_process, order_id))
    worker = in_process.key("routing", "grid_worker", WORKER)
    supervisor = in_process.key("routing", "supervisor", "street-supervisor")
    act(in_process, issue_id, worker, "accept")
    act(in_process, issue_id, worker, "start")
    act(in_process, issue_id, worker, "resolve", answer=CLEARED)
    act(in_process, issue_id, supervisor, "reopen", actor="supervisor", reason="居民反映仍有积水")

    heard = steps(in_process, 3)

    assert [e["type"].split(".")[2] for e in heard] == ["accepted", "resolved", "reopened"]
    assert heard[2].get_data()["status"] == "in_progress"
    viewer = in_process.key("intake", "viewer", "tests")
    listed = in_process.get("intake", "/api/v1/reports", viewer).json()["reports"]
    assert [(r["id"], r["co_reports"]) for r in listed] == [(issue_id, 0)]


def test_an_order_from_a_source_the_district_does_not_name_is_dead_lettered_saying_so(system):
    system.start("intake")
    publish(
        system.amqp_uri,
        "gongzhi.intake",
        REQUESTED,
        work_order(system, "GD-110-1", source="/platform/110"),
    )
    [dead] = take_until(system.amqp_uri, f"intake.{REQUESTED}.dead", 1)
    reason = str(dead.headers[REASON_HEADER])
    assert "'/platform/110'" in reason
    assert "intake.platforms" in reason
    assert system.get("intake", "/open311/v2/requests.json").json() == []
