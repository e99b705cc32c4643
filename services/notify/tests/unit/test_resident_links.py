"""A resident's link: its token names their ref, is signed with notify's key and expires; a
missing, malformed, forged, altered, foreign or expired token is refused with the reason; an
older key still reads what it signed; and the token goes into a resident's message only as it
is sent, never into what is stored."""

from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner

from gongzhi.testing.units import FakeClock
from notify.channels import Message
from notify.links import PLACEHOLDER, BadLink, Links

KEY, OLD_KEY, OTHER_KEY = b"k" * 32, b"o" * 32, b"x" * 32
REF = "9f2c4e1a7b3d5f60" * 2
BASE = "https://gongzhi.xiguan.gov.cn/notify"
LINKS = Links((KEY,), BASE, days=90)


def refusal(token: str | None, links: Links = LINKS, **later: float) -> tuple[int, str]:
    clock = FakeClock()
    clock.advance(timedelta(**later).total_seconds())
    with pytest.raises(BadLink) as refused:
        links.ref_of(token, clock.now())
    return refused.value.status, refused.value.reason


def test_a_token_names_the_residents_ref_and_is_read_back():
    now = FakeClock().now()
    token = LINKS.token(REF, now)

    assert token.startswith(f"{REF}.")
    assert LINKS.ref_of(token, now + timedelta(days=89)) == REF


def test_no_token_and_a_malformed_one_are_a_400():
    assert refusal(None) == (400, "no token: use the link from one of your messages")
    assert refusal("")[0] == 400
    assert refusal("not a token")[0] == 400
    assert refusal(LINKS.token(REF, FakeClock().now()) + "&x=1")[0] == 400


def test_an_expired_token_is_a_403_saying_so():
    token = LINKS.token(REF, FakeClock().now())

    assert refusal(token, days=91) == (403, "the link has expired: use the link in a newer message")


def test_a_token_signed_with_another_key_or_altered_is_a_403():
    now = FakeClock().now()
    forged = Links((OTHER_KEY,), BASE).token(REF, now)
    _, stamp, signature = LINKS.token(REF, now).split(".")
    someone_else = f"{'0' * 32}.{stamp}.{signature}"

    for token in (forged, someone_else):
        assert refusal(token) == (403, "the link's signature does not match: it was altered")


def test_a_token_notify_signed_for_another_purpose_is_a_403():
    other_purpose = TimestampSigner([KEY], salt="something else").sign(REF).decode()

    assert refusal(other_purpose)[0] == 403


def test_an_older_key_still_reads_what_it_signed_and_the_newest_signs():
    now = FakeClock().now()
    rotated = Links((OLD_KEY, KEY), BASE)
    before = Links((OLD_KEY,), BASE).token(REF, now)

    assert rotated.ref_of(before, now) == REF
    assert LINKS.ref_of(rotated.token(REF, now), now) == REF  # signed with KEY, the newest


def test_the_link_points_at_the_api_or_at_the_districts_page():
    page = Links((KEY,), BASE, page="https://app.xiguan.gov.cn/notices")

    assert LINKS.preferences_url() == f"{BASE}/api/v1/preferences/resident?token={PLACEHOLDER}"
    assert page.preferences_url("t") == "https://app.xiguan.gov.cn/notices?token=t"
    assert LINKS.unsubscribe_url("t") == f"{BASE}/api/v1/preferences/resident/unsubscribe?token=t"
    assert Links((KEY,), None).preferences_url() == ""


def test_a_residents_message_gets_a_fresh_token_as_it_goes():
    owed = Message("已办结", f"通知设置与退订:{LINKS.preferences_url()}", "text")
    now = FakeClock().now()

    sent = LINKS.filled(owed, f"resident:{REF}", now)

    token = LINKS.token(REF, now)
    assert sent.body == f"通知设置与退订:{BASE}/api/v1/preferences/resident?token={token}"
    assert sent.unsubscribe == LINKS.unsubscribe_url(token)
    assert PLACEHOLDER in owed.body  # what is stored keeps the placeholder


def test_a_staff_members_message_goes_as_it_is():
    owed = Message("派单", "请处理", "text")

    assert LINKS.filled(owed, "gw-620502001001001", FakeClock().now()) == owed
