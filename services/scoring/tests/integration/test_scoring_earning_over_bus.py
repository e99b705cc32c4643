"""A resident's report reaches the running scoring service over the real broker and earns by
the sample district's rule (report_by_app: 1 point from the street's budget); the same event
delivered twice earns once; a report from another channel earns nothing; points issued show on
/metrics by community."""

import uuid

import pytest

from gongzhi.envelope import Event
from gongzhi.testing.bus import publish
from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
SUBMITTED = "intake.report.submitted.v1"


def submitted(system, reporter_ref: str, channel: str = "app") -> Event:
    data = {
        "report_id": str(uuid.uuid4()),
        "category": "blocked-sewer",
        "location": {"lat": 34.5805, "long": 105.7203},
        "description": "下水道堵塞",
        "channel": channel,
        "reporter_ref": reporter_ref,
        "submitted_at": "2026-12-02T09:30:00+08:00",
    }
    district = system.district.code
    source = f"/gongzhi/{district}/intake"
    return Event(type=SUBMITTED, source=source, data=data, district=district, correlationid="c")


def send(system, event: Event) -> None:
    body = event.to_json()
    publish(system.amqp_uri, "gongzhi.intake", event.type, body, message_id=event.id)


def balance(system, code: str) -> int | None:
    key = {"X-Api-Key": system.key("scoring", "operator")}
    found = system.get("scoring", f"/api/v1/accounts/{code}", headers=key)
    return found.json()["balance"] if found.status_code == 200 else None


def test_a_report_earns_its_reporter_once_over_the_broker(system):
    system.start("scoring")
    ref = uuid.uuid4().hex
    event = submitted(system, ref)
    send(system, event)
    send(system, event)  # delivered again: the inbox takes it once
    send(system, submitted(system, ref, channel="hotline"))  # no rule for the hotline
    second = submitted(system, ref)
    send(system, second)
    eventually(lambda: balance(system, f"resident:{ref}") == 2)
    assert balance(system, "budget:620502001") == -2
    eventually(lambda: system.metric("scoring", "gongzhi_scoring_points_issued_total") == 2)
    duplicates = "gongzhi_inbox_duplicates_total"
    eventually(lambda: system.metric("scoring", duplicates) == 1)
    assert balance(system, f"resident:{ref}") == 2
