"""A resident's own choices, as their link lets them make them, on a real SQLite session: the
topics of the rules that tell residents, the channels that reach the contact notify holds for
them (an e-mail address: the e-mail channels, not SMS), their choices kept whole; a channel
that does not reach them, an unknown topic or a digest refused naming the field, nothing kept;
and the one-click unsubscribe opting out of every topic, the channels chosen kept."""

import dataclasses
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from gongzhi.district import load_district
from gongzhi.testing import documents
from gongzhi.testing.units import FakeClock, session_fixture
from gongzhi.web import HttpError
from notify import handlers, model, openapi, resident_preferences, schemas
from notify.channels import Channel
from notify.preferences import Preference

SAMPLE = Path(__file__).resolve().parents[4] / "deploy" / "districts" / "xiguan"
KEY = Fernet.generate_key()
REF, NEIGHBOUR = "9f2c4e1a7b3d5f609f2c4e1a7b3d5f60", "2b81d0aa2b81d0aa2b81d0aa2b81d0aa"
CHANNELS = {
    "email": Channel("email", "apprise", "mailto://smtp.example.cn", "email", "email"),
    "email2": Channel("email2", "apprise", "mailto://backup.example.cn", "email", "email"),
    "sms": Channel("sms", "apprise", "json://sms.example.cn", "phone", "sms"),
    "inbox": Channel("inbox", "inbox", None, "none", "text"),
}
session = session_fixture(model.metadata)


@pytest.fixture(scope="module")
def plan() -> handlers.Plan:
    sample = handlers.plan_of(load_district(SAMPLE), KEY)
    notify = dataclasses.replace(sample.notify, channels=CHANNELS)
    return handlers.Plan(sample.district, notify, sample.templates, KEY)


@pytest.fixture
def resident(session, share_contact):
    share_contact(session, "case-1", REF, "li.ming@example.com", KEY)
    share_contact(session, "case-1", NEIGHBOUR, "13800138000", KEY, co_report=True)
    return REF


def refusal(session, plan, chosen: list[Preference]) -> dict:
    with pytest.raises(HttpError) as refused:
        resident_preferences.choose(session, REF, chosen, plan, FakeClock().now())
    assert refused.value.status == 400
    return refused.value.details


def test_a_resident_may_choose_the_channels_that_reach_their_contact(session, plan, resident):
    offered = resident_preferences.offer(session, resident, plan)
    neighbour = resident_preferences.offer(session, NEIGHBOUR, plan)

    assert offered == resident_preferences.Offer("email", ("email", "email2"), ("case",))
    assert (neighbour.address, neighbour.channels) == ("phone", ("sms",))


def test_with_every_case_purged_there_is_nothing_to_reach_them_by(session, plan):
    offered = resident_preferences.offer(session, "0" * 32, plan)

    assert (offered.address, offered.channels, offered.topics) == (None, (), ("case",))


def test_their_choices_are_kept_whole_and_shown(session, plan, resident):
    chosen = [Preference("case", channels=("email2", "email"))]

    resident_preferences.choose(session, REF, chosen, plan, FakeClock().now())

    shown = resident_preferences.view(session, REF, plan)
    answer = schemas.ResidentPreferencesOut().dump(shown)
    documented = documents.answer_schema(openapi.document(), "get", "/api/v1/preferences/resident")
    documented.validate(answer)
    assert resident_preferences.view(session, NEIGHBOUR, plan)["preferences"] == []
    assert answer == {
        "address": "email",
        "channels": ["email", "email2"],
        "topics": ["case"],
        "preferences": [
            {"topic": "case", "channels": ["email2", "email"], "opted_out": False, "digest": False}
        ],
    }


def test_a_channel_that_does_not_reach_them_is_refused_naming_it(session, plan, resident):
    details = refusal(session, plan, [Preference("case", channels=("email", "sms", "pager"))])

    assert details == {
        "preferences.0.channels.1": [
            "'sms' does not reach you (notify holds an e-mail address for you; "
            "channels: email, email2)"
        ],
        "preferences.0.channels.2": ["no channel 'pager' in the district"],
    }
    assert resident_preferences.view(session, REF, plan)["preferences"] == []


def test_a_topic_they_do_not_hear_of_and_a_digest_are_refused(session, plan, resident):
    details = refusal(session, plan, [Preference("warnings"), Preference("case", digest=True)])

    assert list(details) == ["preferences.0.topic", "preferences.1.digest"]
    assert details["preferences.0.topic"] == ["no topic 'warnings' in the rules (topics: case)"]


def test_one_click_opts_out_of_every_topic_and_keeps_the_channels(session, plan, resident):
    now = FakeClock().now()
    resident_preferences.choose(session, REF, [Preference("case", ("email2",))], plan, now)

    assert resident_preferences.unsubscribe(session, REF, plan, now) == ["case"]

    [kept] = resident_preferences.view(session, REF, plan)["preferences"]
    assert kept == Preference("case", channels=("email2",), opted_out=True)
