"""Other systems publish reports as CloudEvents on the bus: valid ones take the HTTP path,
bad ones go to the dead-letter queue with their reasons, and nothing stops the consumer."""

import uuid

import pytest
from cloudevents.v1.conversion import to_structured
from cloudevents.v1.http import CloudEvent

from gongzhi.retry import REASON_HEADER
from gongzhi.testing.bus import publish, take_until
from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
TYPE = "intake.report.requested.v1"
QUEUE = f"intake.{TYPE}"


def from_12345(**data) -> bytes:
    """A report as a hotline platform writes it, with the cloudevents SDK."""
    attributes = {
        "type": TYPE,
        "source": "/platform/12345",
        "district": "620502001",
        "correlationid": str(uuid.uuid4()),
    }
    body = {
        "category": "blocked-sewer",
        "location": {"lat": 34.5805, "long": 105.7203},
        "description": "市民来电: 下水道堵塞",
        "channel": "hotline",
        "attributes": {"overflowing": "yes", "gas_smell": "no"},
        **data,
    }
    return to_structured(CloudEvent(attributes, body))[1]


def test_malformed_submissions_are_dead_lettered_while_the_valid_one_behind_them_is_taken(system):
    system.start("intake")
    publish(
        system.amqp_uri,
        "gongzhi.intake",
        TYPE,
        b'{"specversion": "1.0", "type": "intake.report.requested.v1"',  # cut short
        from_12345(category="alien-landing"),
        from_12345(location={"lat": 39.9, "long": 116.4}),
        from_12345(),
    )

    taken = eventually(lambda: system.get("intake", "/open311/v2/requests.json").json())
    assert [r["service_code"] for r in taken] == ["blocked-sewer"]
    dead = take_until(system.amqp_uri, f"{QUEUE}.dead", 3)
    reasons = [str(m.headers[REASON_HEADER]) for m in dead]
    assert any("not JSON" in r for r in reasons)
    assert any("unknown category 'alien-landing'" in r for r in reasons)
    assert any("outside" in r for r in reasons)
    metrics = system.get("intake", "/metrics").text
    assert f'gongzhi_dead_letters_total{{queue="{QUEUE}",service="intake"}} 3.0' in metrics
