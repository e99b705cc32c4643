"""Scoring records who reported what, by pseudonym only; anonymous reports earn nobody points."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongzhi.clock import as_utc
from gongzhi.envelope import Event
from gongzhi.testing.units import FakeClock, an_event, outbox_events, outbox_for, session_fixture
from scoring import model
from scoring.handlers import record_report

session = session_fixture(model.metadata)


@pytest.fixture
def record(session):
    def record(event: Event) -> None:
        outbox = outbox_for(session, model.metadata, FakeClock(), service="scoring")
        record_report(event, session=session, outbox=outbox)

    return record


def submitted(reporter_ref: str | None) -> Event:
    data = {
        "report_id": "r1",
        "category": "blocked-sewer",
        "location": {"lat": 34.5805, "long": 105.7012},
        "description": "下水道堵了",
        "channel": "app",
        "reporter_ref": reporter_ref,
        "submitted_at": "2024-05-06T09:30:00+00:00",
    }
    return an_event("intake.report.submitted.v1", data)


def participations(session: Session) -> list[dict]:
    return [dict(row) for row in session.execute(select(model.participations)).mappings()]


def test_a_named_reporter_is_recorded_as_having_reported(record, session):
    record(submitted("ref-abc"))
    [taken_part] = participations(session)
    assert (taken_part["participant_ref"], taken_part["kind"]) == ("ref-abc", "reported")
    assert taken_part["subject"] == "r1"
    assert as_utc(taken_part["occurred_at"]) == datetime(2024, 5, 6, 9, 30, tzinfo=UTC)


def test_an_anonymous_report_records_nothing(record, session):
    record(submitted(None))
    assert participations(session) == []


def test_recording_a_report_announces_nothing(record, session):
    record(submitted("ref-abc"))
    assert outbox_events(session, model.metadata) == []
