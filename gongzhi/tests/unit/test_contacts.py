"""Contacts: which kind a contact is, and a resident's contact sealed between intake and notify
under a key the two share, or a development key both find in GONGZHI_VAR."""

import hashlib
import hmac

import pytest

from gongzhi import contacts
from gongzhi.settings import SettingError, Settings
from gongzhi.testing.system import TEST_CONTACT_KEY

KEY = TEST_CONTACT_KEY.encode()


@pytest.mark.parametrize(
    ("given", "reached"),
    [
        ("13800138000", ("phone", "+8613800138000")),
        (" +86 138-0013-8000 ", ("phone", "+8613800138000")),
        ("0938-8212345", ("phone", "+869388212345")),  # a landline in Tianshui
        (" zhang@example.com ", ("email", "zhang@example.com")),
        ("1380013", None),
        ("微信号 zhang", None),
    ],
)
def test_a_contact_is_a_phone_number_in_china_or_an_e_mail_address(given, reached):
    assert contacts.reachable(given) == reached


def test_a_sealed_contact_opens_with_its_key_alone():
    token = contacts.seal("+8613800138000", KEY)

    assert "13800138000" not in token
    assert contacts.unseal(token, KEY) == "+8613800138000"
    with pytest.raises(contacts.WrongKey, match="GONGZHI_CONTACT_KEY must be the one intake"):
        contacts.unseal(token, b"mkCwKkxBdOhMKCbQmtQ7bX3u4nv1yyF0NqK4IIbFh4M=")


def test_without_a_setting_both_services_find_one_development_key_in_var(tmp_path):
    first = contacts.contact_key(None, tmp_path / "var")
    again = contacts.contact_key(None, tmp_path / "var")

    assert first == again
    assert contacts.unseal(contacts.seal("a@example.com", first), again) == "a@example.com"
    assert [p.name for p in (tmp_path / "var").iterdir()] == ["contact.key"]


def test_the_setting_wins_over_the_development_key(tmp_path):
    assert contacts.contact_key(TEST_CONTACT_KEY, tmp_path) == KEY
    assert list(tmp_path.iterdir()) == []


def test_a_malformed_key_stops_the_start_without_showing_it():
    with pytest.raises(SettingError) as refused:
        Settings.from_environ({"GONGZHI_CONTACT_KEY": "hunter2"}, [])

    assert str(refused.value).startswith("GONGZHI_CONTACT_KEY: not a Fernet key")
    assert "hunter2" not in str(refused.value)
    given = Settings.from_environ({"GONGZHI_CONTACT_KEY": TEST_CONTACT_KEY}, [])
    assert given.contact_key == TEST_CONTACT_KEY


@pytest.mark.parametrize(
    ("spelling", "normalised"),
    [
        ("+86 138-0013-8000", "13800138000"),
        ("13800138000", "13800138000"),
        ("(+86)13800138000", "13800138000"),
        (" Li.Ming@Example.com ", "li.ming@example.com"),
    ],
)
def test_a_reporters_ref_is_the_keyed_hash_of_one_spelling_of_their_contact(spelling, normalised):
    expected = hmac.new(b"k", normalised.encode(), hashlib.sha256).hexdigest()[:32]
    assert contacts.reporter_ref(spelling, b"k") == expected
    assert contacts.reporter_ref("", b"k") is None
