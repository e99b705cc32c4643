"""Nothing lost, nothing applied twice: against the real RabbitMQ and database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deliberation import model as deliberation_model
from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.retry import ATTEMPT_HEADER, REASON_HEADER
from gongzhi.service import ServiceBase
from gongzhi.testing.bus import publish, take_all, take_until
from gongzhi.testing.system import eventually

from .helpers import assigned_event, body_of, count_rows, publish_event

pytestmark = pytest.mark.integration
QUEUE = "deliberation.routing.issue.assigned.v1"


class BrokenDeliberation(ServiceBase):
    """A deliberation whose handler always fails, as a bug or a dead dependency would."""

    name = "deliberation"
    db = Database(deliberation_model.metadata)

    @event_handler("routing.issue.assigned.v1")
    def on_issue_assigned(self, event: Event) -> None:
        raise RuntimeError("the council register is unreachable")


def test_a_handler_that_keeps_failing_ends_in_the_dead_letter_queue_with_its_reason(system):
    system.start_class(BrokenDeliberation)
    event = assigned_event()
    publish_event(system.amqp_uri, event)

    dead = take_until(system.amqp_uri, f"{QUEUE}.dead", 1)
    assert [body_of(m)["id"] for m in dead] == [event.id]
    headers = dead[0].headers
    assert "the council register is unreachable" in headers[REASON_HEADER]
    assert headers[ATTEMPT_HEADER] == 4  # the first try and three retries
    assert system.metric("deliberation", "gongzhi_consumer_retries_total") == 3
    assert system.metric("deliberation", "gongzhi_dead_letters_total") == 1


def test_the_same_event_delivered_twice_is_applied_once(system, database_settings):
    system.start("deliberation")
    event = assigned_event()
    publish_event(system.amqp_uri, event)
    publish_event(system.amqp_uri, event)

    eventually(lambda: system.metric("deliberation", "gongzhi_inbox_duplicates_total") == 1)
    settings = database_settings["deliberation"]
    assert count_rows(settings, deliberation_model.known_issues) == 1
    assert count_rows(settings, deliberation_model.inbox) == 1


def test_a_malformed_message_is_dead_lettered_and_the_good_one_behind_it_is_applied(
    system, database_settings
):
    system.start("deliberation")
    publish(system.amqp_uri, "gongzhi.routing", "routing.issue.assigned.v1", b"{not json")
    broken = assigned_event()
    broken.data.pop("owner")
    publish_event(system.amqp_uri, broken)
    publish_event(system.amqp_uri, assigned_event())

    settings = database_settings["deliberation"]
    eventually(lambda: count_rows(settings, deliberation_model.known_issues) == 1)
    dead = take_until(system.amqp_uri, f"{QUEUE}.dead", 2)
    reasons = [m.headers[REASON_HEADER] for m in dead]
    assert any("not JSON" in reason for reason in reasons)
    assert any("owner" in reason for reason in reasons)


def test_dead_letters_are_listed_with_their_reason_and_replayed_once_fixed(
    system, database_settings
):
    system.start_class(BrokenDeliberation)
    event = assigned_event()
    publish_event(system.amqp_uri, event)
    eventually(lambda: system.metric("deliberation", "gongzhi_dead_letters_total") == 1)
    system.stop("deliberation")

    listed = gongzhi_command(system, "bus", "dead-letters", "--queue", QUEUE)
    [line] = [json.loads(row) for row in listed.splitlines() if row.startswith("{")]
    assert line["message_id"] == event.id
    assert "the council register is unreachable" in line["reason"]

    system.start("deliberation")  # the fixed handler
    gongzhi_command(system, "bus", "dead-letters", "--queue", QUEUE, "--replay")
    settings = database_settings["deliberation"]
    eventually(lambda: count_rows(settings, deliberation_model.known_issues) == 1)
    assert take_all(system.amqp_uri, f"{QUEUE}.dead") == []


def gongzhi_command(system, *args: str) -> str:
    gongzhi = str(Path(sys.executable).parent / "gongzhi")
    result = subprocess.run(
        [gongzhi, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "AMQP_URI": system.amqp_uri},
    )
    return result.stdout
