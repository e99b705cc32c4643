"""A resident's contact crosses the bus sealed for notify alone: no event body that reaches
notify and no log line shows a phone number or an e-mail address in clear, and notify opens
what it keeps with the key it shares with intake."""

import logging

import pytest
from sqlalchemy.orm import Session
from structlog.testing import capture_logs

from gongzhi import catalogue
from gongzhi.db import create_engine_for
from gongzhi.testing.bus import take_all
from gongzhi.testing.districts import SEWER_REPORT
from gongzhi.testing.system import TEST_CONTACT_KEY, eventually
from notify.residents import ResidentContact, contacts_of

pytestmark = pytest.mark.integration
SHARED = "intake.contact.shared.v1"
PHONE, EMAIL = "138 0013 8000", "zhang.wei@example.com"
IN_CLEAR = ("13800138000", "138 0013 8000", "138-0013-8000", "+8613800138000", EMAIL)


def submit(system, contact: str, **overrides) -> str:
    key = {"X-Api-Key": system.key("intake", "resident_app")}
    report = {**SEWER_REPORT, "reporter_contact": contact, **overrides}
    response = system.post("intake", "/api/v1/reports", json=report, headers=key)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def shows_a_contact(text: str) -> bool:
    """The test's phone number (in each spelling) or e-mail address in clear. Not
    `mask(text) != text`: that takes some of an event's numbers (a longitude, a grid code next
    to others) for phone numbers, so it failed now and then on events without any contact."""
    return any(clear in text for clear in IN_CLEAR)


def test_only_notify_consumes_residents_contacts():
    assert catalogue.load().consumers_of(SHARED) == ("notify",)


def test_no_contact_in_clear_reaches_notify_or_a_log_line(system, caplog):
    caplog.set_level(logging.DEBUG)
    queues = [s.queue for s in catalogue.load().subscriptions_of("notify")]
    reached: list[tuple[str, str]] = []

    def arrived() -> bool:
        for queue in queues:
            reached.extend((queue, m.body.decode()) for m in take_all(system.amqp_uri, queue))
        types = [queue.removeprefix("notify.") for queue, _ in reached]
        return types.count(SHARED) == 2 and "routing.issue.assigned.v1" in types

    with capture_logs() as logged:
        system.start("intake", "routing")  # notify not: what reaches it waits in its queues
        report_id = submit(system, PHONE)
        assert submit(system, EMAIL, lat=34.5806) == report_id  # a co-report (附议)
        submit(system, "QQ 12345", lat=34.5855)  # no channel reaches it: intake keeps it
        eventually(arrived)

    assert [body for _, body in reached if shows_a_contact(body)] == []
    assert [line for line in logged if shows_a_contact(str(line))] == []
    assert [r for r in caplog.records if shows_a_contact(r.getMessage())] == []
    assert "contact_unreachable" in [line["event"] for line in logged]  # the capture works


def test_notify_keeps_the_contact_and_opens_it_with_the_key_it_shares(system):
    system.start("intake", "notify")
    report_id = submit(system, PHONE)
    engine = create_engine_for(system.databases["notify"])

    def kept() -> list[ResidentContact]:
        with Session(engine) as session:
            return contacts_of(session, report_id, TEST_CONTACT_KEY.encode())

    [contact] = eventually(kept)
    engine.dispose()
    assert (contact.address, contact.value, contact.co_report) == ("phone", "+8613800138000", False)
