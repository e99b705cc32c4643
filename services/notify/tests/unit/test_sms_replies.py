"""Residents' replies to SMS, on a real SQLite session: what a reply's text means by the
district's keywords (whatever its case, width and punctuation), the ref notify computes from the
sender's number (the one intake gave the resident who reported with it), and the choice kept in
the resident's preferences, as their link's one-click unsubscribe keeps it; a number notify
holds no contact for changes nothing and gets the same answer; no log line holds the number or
the text."""

import hashlib
import hmac
from pathlib import Path

import marshmallow as ma
import pytest
from cryptography.fernet import Fernet
from structlog.testing import capture_logs

from gongzhi import contacts
from gongzhi.district import load_district
from gongzhi.testing.units import FakeClock, session_fixture
from notify import handlers, model, preferences, resident_preferences, sms_replies
from notify.preferences import Preference
from notify.sms_keywords import SmsReplies, SmsRepliesSchema, keyword
from notify.sms_replies import Reply

SAMPLE = Path(__file__).resolve().parents[4] / "deploy" / "districts" / "xiguan"
KEY = Fernet.generate_key()
PSEUDONYM = b"test-pseudonym-key"
NUMBER, STRANGER = "13800138000", "13900139000"
session = session_fixture(model.metadata)


@pytest.fixture(scope="module")
def plan() -> handlers.Plan:
    return handlers.plan_of(load_district(SAMPLE), KEY)


@pytest.fixture
def ref(session, share_contact) -> str:
    """A resident who reported with NUMBER: their ref as intake made it, their contact kept."""
    made = contacts.reporter_ref(NUMBER, PSEUDONYM)
    assert made is not None
    share_contact(session, "case-1", made, NUMBER, KEY)
    return made


def replied(session, plan, *replies: tuple[str, str]) -> list[str]:
    given = [Reply(number, text) for number, text in replies]
    return sms_replies.take(session, given, key=PSEUDONYM, plan=plan, now=FakeClock().now())


def chosen(session, ref: str) -> list[Preference]:
    return preferences.all_of(session, f"resident:{ref}")


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("TD", "opt_out"),
        ("td", "opt_out"),
        (" T ", "opt_out"),
        ("Ｔ", "opt_out"),  # full width, as a Chinese keyboard may type it
        ("n。", "opt_out"),
        ("R", "opt_out"),
        ("退订", "opt_out"),
        ("【退订】", "opt_out"),
        ("DY", "opt_in"),
        ("订阅!", "opt_in"),
        ("好的,谢谢", "ignored"),
        ("TD 谢谢", "ignored"),
        ("", "ignored"),
    ],
)
def test_a_reply_means_what_the_districts_keywords_say(text, meaning):
    assert SmsReplies().meaning(text) == meaning


def test_a_district_names_its_own_keywords_and_the_first_is_the_hint():
    mine = SmsRepliesSchema().load({"opt_out": ["退订", "td"], "opt_in": ["dy"]})

    assert (mine.opt_out, mine.opt_in, mine.hint) == (("退订", "TD"), ("DY",), "回退订退订")
    assert mine.meaning("T") == "ignored"
    assert SmsReplies().hint == "回T退订"


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"opt_out": ["TD"], "opt_in": ["td"]}, "opt_in"),  # both: which would it be?
        ({"opt_out": []}, "opt_out"),
        ({"opt_out": ["。"]}, "opt_out"),  # nothing left of it
        ({"opt_in": ["SUBSCRIBE"]}, "opt_in"),  # too long for anyone to type back
    ],
)
def test_keywords_that_cannot_work_are_refused_naming_the_field(given, field):
    with pytest.raises(ma.ValidationError) as refused:
        SmsRepliesSchema().load(given)
    assert field in refused.value.messages


@pytest.mark.parametrize("spelling", ["+86 138-0013-8000", "13800138000", "8613800138000"])
def test_the_senders_ref_is_the_one_intake_gave_the_reporter(spelling):
    intakes = hmac.new(PSEUDONYM, b"13800138000", hashlib.sha256).hexdigest()[:32]

    assert contacts.reporter_ref(spelling, PSEUDONYM) == intakes  # what intake computes
    assert sms_replies.ref_of(spelling, PSEUDONYM) == intakes
    assert sms_replies.ref_of("12345", PSEUDONYM) is None
    assert keyword("ｄｙ") == "DY"


def test_td_opts_a_resident_out_of_every_topic_and_dy_back_in(session, plan, ref):
    resident_preferences.choose(session, ref, [Preference("case")], plan, FakeClock().now())

    assert replied(session, plan, ("+86 138-0013-8000", "TD")) == ["opt_out"]
    assert chosen(session, ref) == [Preference("case", opted_out=True)]
    assert replied(session, plan, (NUMBER, "dy")) == ["opt_in"]
    assert chosen(session, ref) == []  # back to the rules


def test_a_batch_is_taken_in_order(session, plan, ref):
    meanings = replied(session, plan, (NUMBER, "DY"), (NUMBER, "谢谢"), (NUMBER, "退订"))

    assert meanings == ["opt_in", "ignored", "opt_out"]
    assert chosen(session, ref) == [Preference("case", opted_out=True)]


def test_the_channels_a_resident_chose_are_kept_through_td_and_dy(session, plan, ref):
    kept = [Preference("case", channels=("log",))]
    preferences.replace(session, f"resident:{ref}", kept, FakeClock().now())

    replied(session, plan, (NUMBER, "TD"))
    assert chosen(session, ref) == [Preference("case", ("log",), opted_out=True)]
    replied(session, plan, (NUMBER, "DY"))
    assert chosen(session, ref) == kept


def test_a_number_notify_holds_no_contact_for_changes_nothing_and_is_answered_alike(
    session, plan, ref
):
    stranger = sms_replies.ref_of(STRANGER, PSEUDONYM)

    assert replied(session, plan, (STRANGER, "TD")) == replied(session, plan, (NUMBER, "TD"))
    assert chosen(session, stranger) == []
    assert chosen(session, ref) == [Preference("case", opted_out=True)]


def test_no_log_line_holds_the_number_or_the_text(session, plan, ref):
    with capture_logs() as logged:
        replied(session, plan, (NUMBER, "TD"), (STRANGER, "我住3号楼"))

    assert [line for line in logged if NUMBER in str(line) or "3号楼" in str(line)] == []
    assert [(line["ref"], line["meaning"]) for line in logged] == [
        (ref, "opt_out"),
        (sms_replies.ref_of(STRANGER, PSEUDONYM), "ignored"),
    ]
