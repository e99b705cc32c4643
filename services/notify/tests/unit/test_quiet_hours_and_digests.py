"""What a message owed meets before any channel, on a real SQLite session with a FakeClock and
the sample district's rules and templates: quiet hours hold what can wait while a red light goes
at once; the throttle folds a burst into one digest; a supervisor takes warnings as one digest a
working day; an opted-out topic is suppressed with its reason; preferred channels replace the
chain."""

import contextlib
import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from gongzhi.district import load_district
from gongzhi.testing.units import FakeClock, an_event, outbox_for, session_fixture
from gongzhi.web import HttpError
from notify import delivery, directory, dispatch, handlers, holding, model, views
from notify.channels import Channel
from notify.holding import Throttle
from notify.preferences import Preference
from notify.retries import Retry
from notify.rules import RuleSchema, messages_for
from notify.samples import sample_event

SAMPLE = Path(__file__).resolve().parents[4] / "deploy" / "districts" / "xiguan"
KEY = Fernet.generate_key()
WORKER = sample_event("routing.issue.light_changed.v1").data["owner"]["id"]
SUPERVISOR = "sv-620502001"
# Monday 6 May 2024 (a working day), district time (UTC+8)
EVENING = datetime(2024, 5, 6, 15, 0, tzinfo=UTC)  # 23:00 in Xiguan: quiet
AFTERNOON = datetime(2024, 5, 6, 6, 0, tzinfo=UTC)  # 14:00 in Xiguan
session = session_fixture(model.metadata)


@pytest.fixture(scope="module")
def plan() -> handlers.Plan:
    return handlers.plan_of(load_district(SAMPLE), KEY)


def throttled(plan: handlers.Plan, per_hour: int) -> handlers.Plan:
    notify = dataclasses.replace(plan.notify, throttle=Throttle(per_hour=per_hour))
    return handlers.Plan(plan.district, notify, plan.templates, KEY)


def tell(session, clock, plan, event) -> None:
    outbox = outbox_for(session, model.metadata, clock, service="notify", cause=event)
    handlers.tell(event, session=session, outbox=outbox, clock=clock, plan=plan)


def send(session, clock, plan) -> dispatch.Pass:
    @contextlib.contextmanager
    def transaction():
        yield SimpleNamespace(session=session)

    handlers.send_digests(session, clock.now(), plan)
    n = plan.notify
    return dispatch.run(transaction, n.channels, n.retry, lambda *_: None, clock)


def messages_of(session, clock, recipient: str) -> list[dict]:
    query = {"limit": 100, "stuck": False, "recipient": recipient}
    return sorted(views.deliveries_log(session, query, clock.now()), key=lambda d: d["id"])


def light(to_light: str, n: int):
    sample = sample_event("routing.issue.light_changed.v1")
    return an_event(sample.type, {**sample.data, "to_light": to_light}, id=f"light-{n}")


def assigned(n: int):
    sample = sample_event("routing.issue.assigned.v1")
    data = {**sample.data, "issue_id": f"case-{n}", "co_handlers": []}
    return an_event(sample.type, data, id=f"assigned-{n}")


def warned(n: int):
    sample = sample_event("routing.issue.warned.v1")
    data = {**sample.data, "issue_id": f"case-{n}", "supervisors": [SUPERVISOR]}
    return an_event(sample.type, data, id=f"warned-{n}")


def staff(session, tmp_path, clock) -> None:
    """The directory, imported as an operator does: the grid worker and a supervisor."""
    csv = tmp_path / "staff.csv"
    csv.write_text(f"id,kind\n{WORKER},grid_worker\n{SUPERVISOR},supervisor\n", encoding="utf-8")
    assert directory.import_csv(session, csv, clock.now()).bad == []


class TestQuietHours:
    def test_a_yellow_light_waits_until_seven_while_a_red_one_goes_at_once(self, session, plan):
        clock = FakeClock(EVENING)
        tell(session, clock, plan, light("yellow", 1))
        tell(session, clock, plan, light("red", 2))

        yellow, red = messages_of(session, clock, WORKER)
        assert (yellow["status"], yellow["reason"]) == ("pending", "quiet hours")
        assert yellow["due_at"] == datetime(2024, 5, 6, 23, 0, tzinfo=UTC)  # 07:00 in Xiguan
        assert (red["critical"], red["reason"]) == (True, None)
        assert send(session, clock, plan).outcomes == {"delivered": 1}
        statuses = [m["status"] for m in messages_of(session, clock, WORKER)]
        assert statuses == ["pending", "delivered"]

        clock.advance(8 * 3600 - 1)  # 06:59:59
        assert send(session, clock, plan).claimed == 0
        clock.advance(1)
        assert send(session, clock, plan).outcomes == {"delivered": 1}
        assert [m["status"] for m in messages_of(session, clock, WORKER)] == ["delivered"] * 2

    def test_a_retry_that_falls_in_the_quiet_hours_waits_for_their_end_but_a_red_one_does_not(
        self, session, plan, http_server
    ):
        http_server.answer = lambda request: (500, {"error": "down"})
        hook = Channel("hook", "apprise", http_server.url(), "none", "text")
        clock = FakeClock(datetime(2024, 5, 6, 13, 59, 50, tzinfo=UTC))  # 21:59:50 in Xiguan
        channels = {**plan.notify.channels, "hook": hook}
        for n, to_light in enumerate(("yellow", "red")):
            event = light(to_light, n)
            rule = RuleSchema().load(
                {
                    "event": event.type,
                    "to": ["owner"],
                    "template": "issue.light",
                    "chain": ["hook", "inbox"],
                    "critical_when": {"to_light": ["red"]},
                }
            )
            owed = messages_for(event, (rule,), session, {})
            render = handlers._renderer(event, plan)
            delivery.owe(session, event, owed, channels, render, clock.now())

        @contextlib.contextmanager
        def transaction():
            yield SimpleNamespace(session=session)

        quiet = holding.after_quiet_hours(plan.holding)
        retry = Retry(attempts=2, base_seconds=30, timeout_seconds=2)
        done = dispatch.run(transaction, channels, retry, lambda *_: None, clock, not_before=quiet)
        assert done.outcomes == {"retry": 2}
        yellow, red = messages_of(session, clock, WORKER)
        assert yellow["due_at"] == datetime(2024, 5, 6, 23, 0, tzinfo=UTC)  # 07:00 in Xiguan
        assert red["due_at"] < datetime(2024, 5, 6, 14, 1, tzinfo=UTC)  # within the backoff

    def test_outside_quiet_hours_a_message_is_due_at_once(self, session, plan):
        clock = FakeClock(AFTERNOON)
        tell(session, clock, plan, light("yellow", 1))
        [message] = messages_of(session, clock, WORKER)
        assert (message["due_at"], message["reason"]) == (clock.now(), None)


class TestThrottleAndDigest:
    def test_a_throttled_burst_arrives_as_one_digest_the_next_working_morning(self, session, plan):
        plan = throttled(plan, per_hour=2)
        clock = FakeClock(AFTERNOON)
        for n in range(5):
            tell(session, clock, plan, assigned(n))

        burst = messages_of(session, clock, WORKER)
        assert [(m["status"], m["reason"]) for m in burst] == [("pending", None)] * 2 + [
            ("suppressed", "throttle")
        ] * 3
        tuesday = datetime(2024, 5, 7, 0, 30, tzinfo=UTC)  # 08:30 in Xiguan
        assert {m["due_at"] for m in burst[2:]} == {tuesday}
        assert send(session, clock, plan).outcomes == {"delivered": 2}

        clock.advance((tuesday - clock.now()).total_seconds())
        assert send(session, clock, plan).outcomes == {"delivered": 1}
        *folded, digest = messages_of(session, clock, WORKER)[2:]
        assert [m["digest_id"] for m in folded] == [digest["id"]] * 3
        assert (digest["template"], digest["status"], digest["chain"]) == (
            "digest",
            "delivered",
            ["inbox"],
        )
        held = session.execute(
            select(model.deliveries.c.digest_id).where(model.deliveries.c.reason == "throttle")
        ).scalars()
        assert set(held) == {digest["id"]}
        [inbox] = views.inbox(session, WORKER, unread=True)[:1]
        assert inbox["title"] == "今日汇总:3条提醒"
        assert all(f"case-{n}" in inbox["body"] for n in (2, 3, 4))
        assert send(session, clock, plan).claimed == 0  # one digest, once

    def test_a_supervisor_takes_warnings_as_one_digest_a_working_day(self, session, plan, tmp_path):
        clock = FakeClock(AFTERNOON)
        staff(session, tmp_path, clock)
        chosen = [Preference("warnings", digest=True)]
        handlers.choose(session, SUPERVISOR, chosen, clock=clock, plan=plan)
        for n in range(3):
            tell(session, clock, plan, warned(n))

        warnings = messages_of(session, clock, SUPERVISOR)
        assert {(m["status"], m["reason"]) for m in warnings} == {("suppressed", "digest")}
        assert send(session, clock, plan).claimed == 0
        clock.advance(18.5 * 3600)  # Tuesday 08:30
        send(session, clock, plan)
        [digest] = [m for m in messages_of(session, clock, SUPERVISOR) if m["subject"] == "digest"]
        assert digest["status"] == "delivered"
        assert "以下 3 条提醒" in digest["body"]


class TestPreferences:
    def test_an_opted_out_topic_is_suppressed_saying_so_but_a_red_light_still_goes(
        self, session, plan, tmp_path
    ):
        clock = FakeClock(AFTERNOON)
        staff(session, tmp_path, clock)
        chosen = [Preference("case", opted_out=True)]
        handlers.choose(session, WORKER, chosen, clock=clock, plan=plan)
        tell(session, clock, plan, light("yellow", 1))
        tell(session, clock, plan, light("red", 2))

        yellow, red = messages_of(session, clock, WORKER)
        assert (yellow["status"], yellow["reason"], yellow["due_at"]) == (
            "suppressed",
            "opted out",
            None,
        )
        assert send(session, clock, plan).outcomes == {"delivered": 1}
        assert messages_of(session, clock, WORKER)[1]["id"] == red["id"]
        assert messages_of(session, clock, WORKER)[1]["status"] == "delivered"

    def test_preferred_channels_replace_the_rules_chain(self, session, plan, tmp_path):
        clock = FakeClock(AFTERNOON)
        staff(session, tmp_path, clock)
        chosen = [Preference("case", channels=("log", "inbox"))]
        handlers.choose(session, WORKER, chosen, clock=clock, plan=plan)
        tell(session, clock, plan, assigned(1))

        [message] = messages_of(session, clock, WORKER)
        assert (message["chain"], message["channel"]) == (["log", "inbox"], "log")
        assert send(session, clock, plan).tries == [("log", "sent")]

    def test_bad_choices_are_refused_naming_each_field(self, session, plan, tmp_path):
        clock = FakeClock(AFTERNOON)
        staff(session, tmp_path, clock)
        chosen = [
            Preference("weather"),
            Preference("case", channels=("inbox", "pager")),
            Preference("warnings", digest=True),  # a grid worker takes no digest
        ]
        with pytest.raises(HttpError) as refused:
            handlers.choose(session, WORKER, chosen, clock=clock, plan=plan)

        assert refused.value.status == 400
        assert set(refused.value.details) == {
            "preferences.0.topic",
            "preferences.1.channels.1",
            "preferences.2.digest",
        }
        assert "pager" in refused.value.details["preferences.1.channels.1"][0]
        assert views.preferences(session, WORKER) == []

    def test_choices_are_replaced_whole(self, session, plan):
        clock = FakeClock(AFTERNOON)
        first = [Preference("case", opted_out=True), Preference("warnings", channels=("log",))]
        handlers.choose(session, WORKER, first, clock=clock, plan=plan)
        handlers.choose(session, WORKER, first[1:], clock=clock, plan=plan)

        assert views.preferences(session, WORKER) == [Preference("warnings", ("log",))]
        assert views.preferences(session, SUPERVISOR) == []
