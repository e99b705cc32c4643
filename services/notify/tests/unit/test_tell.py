"""What each event owes under the sample district's own rules and templates, rendered for real:
the grid worker hears of an assignment, the reporter of the receipt, and the reporter and the
co-reporters of each answer and the resolution; the same event twice owes nothing more."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from gongzhi.contacts import unseal
from gongzhi.district import load_district
from gongzhi.testing.units import FakeClock, an_event, outbox_for, session_fixture
from notify import handlers, model, templates, views
from notify.config import notify_of
from notify.samples import sample_event

SAMPLE = Path(__file__).resolve().parents[4] / "deploy" / "districts" / "xiguan"
KEY = Fernet.generate_key()
session = session_fixture(model.metadata)


@pytest.fixture(scope="module")
def plan() -> handlers.Plan:
    district = load_district(SAMPLE)
    notify = notify_of(district)
    loaded = templates.load(district.folder / notify.templates)
    return handlers.Plan(district, notify, loaded, KEY)


@pytest.fixture
def tell(session, plan):
    clock = FakeClock()

    def tell(event) -> list[dict]:
        outbox = outbox_for(session, model.metadata, clock, service="notify", cause=event)
        if event.type == "routing.issue.transitioned.v1":
            handlers.transitioned(event, session=session, outbox=outbox, clock=clock, plan=plan)
        else:
            handlers.tell(event, session=session, outbox=outbox, clock=clock, plan=plan)
        query = {"limit": 100, "stuck": False}
        found = views.deliveries_log(session, query, clock.now())
        return sorted(found, key=lambda d: d["id"])

    return tell


def test_an_assignment_tells_the_grid_worker_in_their_inbox(tell):
    event = sample_event("routing.issue.assigned.v1")
    [told] = [d for d in tell(event) if d["template"] == "issue.assigned"]
    assert (told["recipient"], told["chain"], told["status"]) == (
        event.data["owner"]["id"],
        ["inbox"],
        "pending",
    )
    assert "新的诉求已派发给您" in told["body"]


def test_the_reporter_gets_a_receipt_with_the_case_number(tell):
    event = sample_event("intake.report.submitted.v1")
    [receipt] = tell(event)
    assert receipt["recipient"] == f"resident:{event.data['reporter_ref']}"
    assert receipt["template"] == "report.received"
    assert event.data["report_id"] in receipt["body"]


def test_an_answer_and_the_resolution_reach_the_reporter_and_each_co_reporter_once(
    session, tell, share_contact
):
    answered = sample_event("routing.issue.transitioned.v1")
    case_id = answered.data["issue_id"]
    share_contact(session, case_id, "ref-reporter", "13800138000", KEY)
    share_contact(session, case_id, "ref-neighbour", "neighbour@example.cn", KEY, co_report=True)
    reply = an_event(
        answered.type,
        {**answered.data, "action": "reply", "status": "replied"},
        id="e-reply",
    )

    told = tell(reply)
    assert tell(reply) == told  # the same event again owes nothing more

    assert [(d["recipient"], d["template"]) for d in told] == [
        ("resident:ref-reporter", "report.answered"),
        ("resident:ref-neighbour", "report.answered"),
    ]
    assert answered.data["answer"]["text"] in told[0]["body"]
    resolve = an_event(
        answered.type, {**answered.data, "action": "resolve", "status": "resolved"}, id="e-done"
    )
    resolved = [d for d in tell(resolve) if d["template"] == "report.resolved"]
    assert {d["recipient"] for d in resolved} == {"resident:ref-reporter", "resident:ref-neighbour"}
    for message in told + resolved:
        assert "13800138000" not in str(message)
        assert "neighbour@example.cn" not in str(message)


def test_a_plan_filed_with_the_street_tells_the_streets_supervisors(tell):
    event = sample_event("deliberation.review.filed.v1")
    [told] = tell(event)
    assert (told["recipient"], told["template"], told["chain"]) == (
        "ps-620502001",
        "review.filed",
        ["inbox"],
    )
    assert "现报街道党工委备案" in told["body"]


def test_an_event_with_each_recipients_own_link_tells_each_theirs_and_no_one_else(
    session, tell, share_contact
):
    invited = sample_event("scoring.rating.invited.v1")
    case_id = invited.data["issue_id"]
    share_contact(session, case_id, "ref-reporter", "13800138000", KEY)
    share_contact(session, case_id, "ref-neighbour", "neighbour@example.cn", KEY, co_report=True)
    share_contact(session, case_id, "ref-uninvited", "13900139000", KEY, co_report=True)
    links = {
        "ref-reporter": {"link": "https://xg.gov.cn/r/aaaaaaaaaaaa.bbbbbbbbbbbbbbbb"},
        "ref-neighbour": {"link": "https://xg.gov.cn/r/cccccccccccc.dddddddddddddddd"},
    }
    for own in links.values():
        own["expires_at"] = invited.data["expires_at"]
    event = an_event(invited.type, {**invited.data, "per_recipient": links}, id="e-invited")

    messages = tell(event)
    told = {d["recipient"]: unseal(d["own"], KEY) for d in messages}  # filled in as it goes

    assert {"{own.link}" in d["body"] for d in messages} == {True}
    assert set(told) == {"resident:ref-reporter", "resident:ref-neighbour"}
    assert links["ref-reporter"]["link"] in told["resident:ref-reporter"]
    assert links["ref-neighbour"]["link"] not in told["resident:ref-reporter"]
    assert links["ref-neighbour"]["link"] in told["resident:ref-neighbour"]
