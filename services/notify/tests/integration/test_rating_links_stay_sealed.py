"""A resident's own rating link (scoring.rating.invited.v1's `per_recipient`) is a credential,
on the service's real database (SQLite, or PostgreSQL with DATABASE_URL): the message is kept
with placeholders and the link sealed beside it; the SMS gateway (a real local server) and a
webhook get the real link, with its expiry as people read it; the delivery log (GET
/api/v1/deliveries on the running notify) and an inbox show the placeholders; the sealed link
goes once the message is delivered or failed for good, or with the case's contacts."""

import contextlib
import dataclasses
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongzhi import contacts
from gongzhi.db import create_engine_for
from gongzhi.district import load_district
from gongzhi.testing.bus import publish
from gongzhi.testing.system import SAMPLE_DISTRICT, TEST_CONTACT_KEY, eventually
from gongzhi.testing.units import FakeClock, an_event, migrated_session_fixture
from notify import addresses, dispatch, handlers, receipts, residents
from notify.channels import Channel
from notify.model import deliveries, inbox_messages, resident_contacts
from notify.retries import Retry
from notify.rules import RuleSchema

pytestmark = pytest.mark.integration
session = migrated_session_fixture("notify")
KEY = TEST_CONTACT_KEY.encode()
CASE, REF = "case-rated", "9f2c4e1a7b3d5f609f2c4e1a7b3d5f60"
LINK = "https://xg.gov.cn/r/Zq8V1bY7cW2x.mQ3vX9aPz2Lk0f3Z"
OWN = {"link": LINK, "expires_at": "2026-12-15T16:00:00+08:00"}
EXPIRES = "2026年12月15日 16:00"  # `own.expires_at | when` in the district's timezone
RETRY = Retry(attempts=1, base_seconds=1, max_age_minutes=60, timeout_seconds=5)
INBOX = Channel("inbox", "inbox", None, "none", "text")


def invited(n: int = 1):
    data = {"issue_id": CASE, "category": "blocked-sewer", "round": 1}
    data |= {"expires_at": OWN["expires_at"], "per_recipient": {REF: OWN}}
    return an_event("scoring.rating.invited.v1", data, id=f"invited-{n}", subject=CASE)


def plan_with(channels: dict[str, Channel]) -> handlers.Plan:
    """The sample district's plan, inviting residents to rate on `channels` in turn."""
    sample = handlers.plan_of(load_district(SAMPLE_DISTRICT), KEY)
    rule = {"event": "scoring.rating.invited.v1", "to": ["reporter"], "template": "rating.invite"}
    rules = (RuleSchema().load({**rule, "chain": list(channels)}),)
    notify = dataclasses.replace(sample.notify, channels=channels, rules=rules)
    return handlers.Plan(sample.district, notify, sample.templates, KEY, (b"p" * 32,))


def told(session, plan: handlers.Plan, clock) -> dict:
    """The resident's invitation, owed; its row as notify stored it."""
    handlers.tell(invited(), session=session, outbox=None, clock=clock, plan=plan)
    return dict(session.execute(select(deliveries)).mappings().one())


def sent(session, plan: handlers.Plan, clock) -> dict:
    """One dispatcher pass; the message's row after it."""

    @contextlib.contextmanager
    def transaction():
        yield SimpleNamespace(session=session)

    n = plan.notify
    book = addresses.AddressBook(KEY)
    dispatch.run(transaction, n.channels, RETRY, book, clock, links=plan.links, own_key=KEY)
    return dict(session.execute(select(deliveries)).mappings().one())


@pytest.fixture
def resident(session, share_contact):
    """The case's reporter, reached by SMS."""
    share_contact(session, CASE, REF, "13800138000", KEY)


def test_the_link_reaches_the_phone_and_is_stored_only_sealed(session, resident, sms_gateway):
    clock = FakeClock()
    plan = plan_with({"sms": Channel("sms", "apprise", sms_gateway.url(), "phone", "sms")})

    stored = told(session, plan, clock)
    after = sent(session, plan, clock)

    assert "{own.link}" in stored["body"]
    assert [value for value in OWN.values() if value in str(stored)] == []
    assert LINK in contacts.unseal(stored["own"], KEY)
    [text] = [s["text"] for s in sms_gateway.sent]
    assert (LINK in text, "{own." in text) == (True, False)
    assert (after["status"], after["own"]) == ("sent", stored["own"])  # a receipt may yet fail

    receipts.apply(session, receipts.Receipt("msg-1", "delivered"), clock.now())
    assert session.execute(select(deliveries.c.status, deliveries.c.own)).one() == (
        "delivered",
        None,
    )


def test_a_webhook_gets_the_link_and_the_expiry_as_people_read_it(session, resident, http_server):
    clock = FakeClock()
    plan = plan_with({"hook": Channel("hook", "apprise", http_server.url(), "none", "text")})

    stored = told(session, plan, clock)
    after = sent(session, plan, clock)

    assert (EXPIRES in stored["body"], "{own.expires_at|when}" in stored["body"]) == (False, True)
    [request] = http_server.requests
    assert (LINK in request.json()["message"], EXPIRES in request.json()["message"]) == (True, True)
    assert (after["status"], after["own"]) == ("sent", None)  # a webhook's sent is for good


def test_a_message_that_fails_for_good_keeps_nothing_sealed(session, resident, sms_gateway):
    sms_gateway.mode = "fail"
    clock = FakeClock()
    plan = plan_with({"sms": Channel("sms", "apprise", sms_gateway.url(), "phone", "sms")})

    told(session, plan, clock)
    after = sent(session, plan, clock)

    assert LINK in sms_gateway.sent[0]["text"]
    assert (after["status"], after["own"]) == ("failed", None)


def test_an_inbox_shows_the_placeholders_never_the_link(session, resident):
    clock = FakeClock()
    plan = plan_with({"inbox": INBOX})

    told(session, plan, clock)
    after = sent(session, plan, clock)

    [kept] = session.execute(select(inbox_messages.c.body)).scalars()
    assert (LINK in kept, "{own.link}" in kept) == (False, True)
    assert (after["status"], after["own"]) == ("delivered", None)


def test_a_purged_case_takes_the_sealed_link_with_it(session, resident):
    clock = FakeClock()
    told(session, plan_with({"inbox": INBOX}), clock)
    closed = an_event("routing.issue.transitioned.v1", {"issue_id": CASE, "status": "closed"})
    closed.data["at"] = clock.now().isoformat()
    policy = residents.ResidentsPolicy(purge_after_days=0)

    residents.track_case(closed, session=session, outbox=None, policy=policy)
    assert residents.purge_due(session, clock.now()) == 1

    assert session.execute(select(deliveries.c.status, deliveries.c.own)).one() == (
        "pending",
        None,
    )


def test_the_delivery_log_shows_the_placeholder_on_the_running_service(system):
    system.start("notify")  # the sample district: residents' invitations go by the log
    operator = {"X-Api-Key": system.key("notify", "operator")}
    engine = create_engine_for(system.databases["notify"])
    shared = {"report_id": CASE, "reporter_ref": REF, "co_report": False, "address": "phone"}
    shared["contact"] = contacts.seal("+8613800138000", KEY)
    contact = an_event("intake.contact.shared.v1", shared, subject=CASE)
    publish(system.amqp_uri, "gongzhi.intake", contact.type, contact.to_json())
    eventually(lambda: kept(engine, select(resident_contacts.c.ref)))
    rating = invited()
    publish(system.amqp_uri, "gongzhi.scoring", rating.type, rating.to_json())

    def logged() -> list[dict] | None:
        query = {"subject": CASE}
        found = system.get("notify", "/api/v1/deliveries", params=query, headers=operator)
        shown = found.json()["deliveries"]
        return shown if [m["status"] for m in shown] == ["delivered"] else None

    shown = str(eventually(logged))
    assert (LINK in shown, "{own.link}" in shown) == (False, True)
    assert kept(engine, select(deliveries.c.own)) == [None]
    engine.dispose()


def kept(engine, query) -> list:
    with Session(engine) as session:
        return list(session.execute(query).scalars())
