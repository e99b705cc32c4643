"""A resident who opted out through their link, on the service's real database (SQLite, or
PostgreSQL with DATABASE_URL): a non-critical message of the topic is written `suppressed`,
`opted out`, and never sent, while a critical one still goes, as does the co-reporter's, who
chose nothing."""

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.orm import sessionmaker

from gongzhi import migrations
from gongzhi.db import create_engine_for
from gongzhi.district import load_district
from gongzhi.testing.units import FakeClock, an_event
from notify import dispatch, handlers, resident_preferences, views
from notify.rules import RuleSchema
from notify.samples import sample_event

pytestmark = pytest.mark.integration
SAMPLE = Path(__file__).resolve().parents[4] / "deploy" / "districts" / "xiguan"
KEY = Fernet.generate_key()
CASE = "case-opted-out"
REF, NEIGHBOUR = "9f2c4e1a7b3d5f609f2c4e1a7b3d5f60", "2b81d0aa2b81d0aa2b81d0aa2b81d0aa"
# A district that tells residents of a reopening at once: critical, past any opt-out.
REOPENED = {
    "event": "routing.issue.transitioned.v1",
    "when": {"action": ["reopen"]},
    "to": ["reporter", "co_reporters"],
    "template": "report.reopened",
    "chain": ["log"],
    "critical": True,
}


@pytest.fixture
def sessions(database_settings) -> Iterator[sessionmaker]:
    settings = database_settings["notify"]
    migrations.upgrade("notify", settings)
    engine = create_engine_for(settings)
    yield sessionmaker(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def plan() -> handlers.Plan:
    sample = handlers.plan_of(load_district(SAMPLE), KEY)
    kept = tuple(r for r in sample.notify.rules if r.template != "report.reopened")
    rules = (*kept, RuleSchema().load(REOPENED))
    notify = dataclasses.replace(sample.notify, rules=rules)
    return handlers.Plan(sample.district, notify, sample.templates, KEY)


@contextlib.contextmanager
def unit(sessions: sessionmaker) -> Iterator[SimpleNamespace]:
    with sessions() as session, session.begin():
        yield SimpleNamespace(session=session)


def step(action: str, n: int):
    sample = sample_event("routing.issue.transitioned.v1")
    data = {**sample.data, "issue_id": CASE, "action": action}
    return an_event(sample.type, data, id=f"{action}-{n}", subject=CASE)


def told(sessions, plan, clock, event) -> None:
    with unit(sessions) as uow:
        handlers.transitioned(event, session=uow.session, outbox=None, clock=clock, plan=plan)


def messages(sessions, clock) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(recipient, template) -> (status, reason) of every message about the case."""
    with unit(sessions) as uow:
        query = {"limit": 100, "stuck": False, "subject": CASE}
        found = views.deliveries_log(uow.session, query, clock.now())
    return {(m["recipient"], m["template"]): (m["status"], m["reason"]) for m in found}


def nowhere(*_) -> None:
    """No address: the log channel needs none."""


def test_an_opted_out_resident_hears_only_what_is_critical(sessions, plan, share_contact):
    clock = FakeClock()  # 17:30 in Xiguan: no quiet hours
    with unit(sessions) as uow:
        share_contact(uow.session, CASE, REF, "li.ming@example.com", KEY)
        share_contact(uow.session, CASE, NEIGHBOUR, "13800138000", KEY, co_report=True)
        resident_preferences.unsubscribe(uow.session, REF, plan, clock.now())

    told(sessions, plan, clock, step("resolve", 1))
    told(sessions, plan, clock, step("reopen", 2))
    dispatch.run(lambda: unit(sessions), plan.notify.channels, plan.notify.retry, nowhere, clock)

    me, neighbour = f"resident:{REF}", f"resident:{NEIGHBOUR}"
    owner = step("reopen", 2).data["owner"]["id"]  # staff hear, whatever residents chose
    assert messages(sessions, clock) == {
        (owner, "issue.reopened"): ("delivered", None),
        (me, "report.resolved"): ("suppressed", "opted out"),
        (me, "report.reopened"): ("delivered", None),
        (neighbour, "report.resolved"): ("delivered", None),
        (neighbour, "report.reopened"): ("delivered", None),
    }
