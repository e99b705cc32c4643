"""Rules as data: which event owes which message to whom, read from district.yaml's shape."""

from datetime import UTC, datetime

import marshmallow as ma
import pytest
from sqlalchemy import insert

from gongzhi.testing.units import an_event, session_fixture
from notify import model
from notify.rules import RuleSchema, messages_for, problems

session = session_fixture(model.metadata)

RULES = RuleSchema(many=True).load(
    [
        {
            "event": "routing.issue.assigned.v1",
            "to": ["owner"],
            "template": "issue_assigned",
            "chain": ["wecom", "sms", "inbox"],
        },
        {
            "event": "routing.issue.assigned.v1",
            "when": {"action": ["transfer", "escalate", "return"]},
            "to": ["previous_owner"],
            "template": "issue_moved",
            "chain": ["inbox"],
        },
        {
            "event": "routing.issue.light_changed.v1",
            "to": ["owner"],
            "template": "light_changed",
            "chain": ["inbox"],
            "critical_when": {"to_light": ["red"]},
        },
        {
            "event": "routing.issue.transitioned.v1",
            "when": {"action": ["reply", "return"]},
            "needs": ["answer"],
            "to": ["reporter", "co_reporters"],
            "template": "report_answered",
            "chain": ["sms"],
        },
        {
            "event": "intake.report.updated.v1",
            "to": ["told"],
            "template": "report_updated",
            "chain": ["inbox"],
        },
    ]
)
RESIDENTS = {"reporter": ["ref-a"], "co_reporters": ["ref-b", "ref-c"]}


def owed(event, session) -> list[tuple[str, str, bool]]:
    found = messages_for(event, tuple(RULES), session, RESIDENTS)
    return [(o.recipient, o.rule.template, o.critical) for o in found]


def assigned(action: str, owner: str = "gw-2", before: str | None = "gw-1"):
    data = {"issue_id": "c1", "action": action, "owner": {"kind": "grid_worker", "id": owner}}
    if before:
        data["from_owner"] = {"kind": "grid_worker", "id": before}
    return an_event("routing.issue.assigned.v1", data)


def test_an_assignment_tells_the_new_owner_and_a_move_the_owner_it_left(session):
    assert owed(assigned("assign", before=None), session) == [("gw-2", "issue_assigned", False)]
    assert owed(assigned("transfer"), session) == [
        ("gw-2", "issue_assigned", False),
        ("gw-1", "issue_moved", False),
    ]


def test_a_red_light_is_critical_and_a_yellow_one_is_not(session):
    def light(to: str):
        data = {"issue_id": "c1", "to_light": to, "owner": {"kind": "street", "id": "620502001"}}
        return an_event("routing.issue.light_changed.v1", data)

    assert owed(light("red"), session) == [("620502001", "light_changed", True)]
    assert owed(light("yellow"), session) == [("620502001", "light_changed", False)]


def test_residents_hear_an_answer_only_when_there_is_one(session):
    def step(action: str, answer: dict | None):
        data = {"issue_id": "c1", "action": action, "answer": answer}
        return an_event("routing.issue.transitioned.v1", data)

    assert owed(step("reply", {"text": "已疏通", "photos": []}), session) == [
        ("resident:ref-a", "report_answered", False),
        ("resident:ref-b", "report_answered", False),
        ("resident:ref-c", "report_answered", False),
    ]
    assert owed(step("reply", None), session) == []
    assert owed(step("accept", {"text": "x", "photos": []}), session) == []


def test_whoever_was_told_of_a_report_hears_of_its_update_but_residents_by_their_own_rules(
    session,
):
    now = datetime(2026, 12, 2, 9, tzinfo=UTC)
    for recipient in ("gw-1", "620502001001", "resident:ref-a", "gw-1"):
        session.execute(
            insert(model.deliveries).values(
                subject="c1",
                recipient=recipient,
                channel="inbox",
                template="issue_assigned",
                body="…",
                status="delivered",
                event_id=f"e-{recipient}-{now.timestamp()}",
                created_at=now,
            )
        )
        now = now.replace(minute=now.minute + 1)
    updated = an_event("intake.report.updated.v1", {"report_id": "c1", "kind": "photo"})
    assert owed(updated, session) == [
        ("620502001001", "report_updated", False),
        ("gw-1", "report_updated", False),
    ]


def test_an_event_no_rule_is_on_owes_nothing(session):
    assert owed(an_event("routing.issue.warned.v1", {"issue_id": "c1"}), session) == []


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"to": ["everyone"]}, "to"),
        ({"to": []}, "to"),
        ({"chain": []}, "chain"),
        ({"template": ""}, "template"),
    ],
    ids=["unknown audience", "no audience", "no channel", "no template"],
)
def test_a_malformed_rule_is_refused_naming_the_field(rule, field):
    base = {
        "event": "routing.issue.assigned.v1",
        "to": ["owner"],
        "template": "t",
        "chain": ["log"],
    }
    with pytest.raises(ma.ValidationError) as refused:
        RuleSchema().load({**base, **rule})
    assert field in refused.value.messages


def test_a_rule_on_an_event_notify_does_not_hear_or_naming_an_unknown_channel_is_a_problem():
    found = problems(
        tuple(RULES), consumed=("routing.issue.assigned.v1",), channels={"inbox": 1, "sms": 1}
    )
    assert ("rules[0].chain[0]", "no channel 'wecom' (channels: inbox, sms)") in found
    assert ("rules[2].event", "notify does not consume 'routing.issue.light_changed.v1'") in found
    assert not [f for f, _ in found if f.startswith("rules[1]")]


def test_the_parties_an_event_names_are_its_audience_of_parties(session):
    invite = RuleSchema().load(
        {
            "event": "deliberation.meeting.called.v1",
            "to": ["parties"],
            "template": "meeting.invitation",
            "chain": ["inbox"],
        }
    )
    called = an_event(
        "deliberation.meeting.called.v1", {"matter_id": "m1", "parties": ["p-1", "p-2", "p-1"]}
    )
    owed = messages_for(called, (invite,), session, {})
    assert [(o.recipient, o.rule.template) for o in owed] == [
        ("p-1", "meeting.invitation"),
        ("p-2", "meeting.invitation"),
    ]


def test_a_units_heads_are_its_head_and_supervisors_filed_under_its_code(session):
    now = datetime(2026, 12, 1, tzinfo=UTC)
    staff = [
        ("dh-housing", "department_head", "housing"),
        ("sv-housing", "supervisor", "housing"),
        ("st-housing", "department", "housing"),  # its staff: not a head
        ("dh-police", "department_head", "police"),
    ]
    for person, kind, unit in staff:
        values = {"id": person, "kind": kind, "community": unit, "updated_at": now}
        session.execute(insert(model.directory).values(**values))
    card = RuleSchema().load(
        {"event": "scoring.card.yellow.v1", "to": ["heads"], "template": "card", "chain": ["inbox"]}
    )
    carded = an_event("scoring.card.yellow.v1", {"owner": {"kind": "department", "id": "housing"}})
    owed = messages_for(carded, (card,), session, {})
    assert [o.recipient for o in owed] == ["dh-housing", "sv-housing"]
