"""A council vote's close reaches the running scoring service over the real broker: each
registered voter earns the sample district's council_vote points once, also when the event is
delivered twice; a voter not registered in scoring is skipped and counted on /metrics."""

import pytest

from gongzhi.envelope import Event
from gongzhi.testing.bus import publish
from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
CLOSED = "deliberation.vote.closed.v1"
COMMUNITY = "620502001001"
VOTERS = ["p-1001", "p-1101", "p-1102"]  # p-1102 was never registered in scoring


def closed(system) -> Event:
    none = {"agree": 0, "abstain": 0, "disagree": 0, "block": 0}
    data = {
        "matter_id": f"m-{COMMUNITY}-0001",
        "community": COMMUNITY,
        "carried": True,
        "counts": {**none, "agree": 3},
        "turnout": {"eligible": 30, "took_part": 3, "by_proxy": 0},
        "parties": [],
        "reasons": [],
        "secret": True,
        "voters": VOTERS,
        "chain_hash": "9f" * 32,
        "chain_length": 12,
        "closed_at": "2026-12-16T16:00:00+08:00",
    }
    district = system.district.code
    source = f"/gongzhi/{district}/deliberation"
    return Event(type=CLOSED, source=source, data=data, district=district, correlationid="c")


def balance(system, code: str) -> int | None:
    key = {"X-Api-Key": system.key("scoring", "operator")}
    found = system.get("scoring", f"/api/v1/accounts/{code}", headers=key)
    return found.json()["balance"] if found.status_code == 200 else None


def register(system, person: str) -> None:
    key = {"X-Api-Key": system.key("scoring", "operator")}
    body = {"person": person, "community": COMMUNITY, "role": "party_member"}
    made = system.post("scoring", "/api/v1/people", json=body, headers=key)
    assert made.status_code in (200, 201), made.text


def test_a_closed_votes_voters_earn_once_over_the_broker(system):
    system.start("scoring")
    for person in VOTERS[:2]:
        register(system, person)
    event = closed(system)
    body = event.to_json()
    for _ in range(2):  # delivered again: the inbox takes it once
        publish(system.amqp_uri, "gongzhi.deliberation", CLOSED, body, message_id=event.id)
    eventually(lambda: system.metric("scoring", "gongzhi_inbox_duplicates_total") == 1)
    eventually(lambda: balance(system, "person:p-1101") == 2)
    assert balance(system, "person:p-1001") == 2
    assert balance(system, f"budget:{COMMUNITY}") == -4
    assert system.metric("scoring", "gongzhi_scoring_points_issued_total") == 4
    assert system.metric("scoring", "gongzhi_scoring_earners_skipped_total") == 1
