"""The keyset cursor of lists read newest first: what it gives back is the row it was made of."""

import base64
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from gongzhi import keyset
from gongzhi.web import HttpError


def test_a_cursor_gives_back_the_time_and_id_it_was_made_of():
    at = datetime(2026, 12, 2, 16, 30, tzinfo=timezone(timedelta(hours=8)))
    assert keyset.decode(keyset.encode(at, "m-1")) == (at.astimezone(UTC), "m-1")


def test_a_time_without_its_zone_is_utc():
    naive = datetime(2026, 12, 2, 8, 30)
    assert keyset.decode(keyset.encode(naive, "m-1")) == (naive.replace(tzinfo=UTC), "m-1")


def test_no_cursor_is_the_first_page():
    assert keyset.decode(None) is None
    assert keyset.decode("") is None


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64!",
        base64.urlsafe_b64encode(b"[1, 2, 3]").decode(),
        base64.urlsafe_b64encode(b'["yesterday", "m-1"]').decode(),
    ],
)
def test_a_cursor_the_api_did_not_give_is_a_400(cursor):
    with pytest.raises(HttpError) as refused:
        keyset.decode(cursor)
    assert (refused.value.status, refused.value.code) == (400, "bad_cursor")


def test_a_nul_in_a_cursor_is_a_400_before_any_database_sees_it():
    cursor = base64.urlsafe_b64encode(json.dumps(["2026-12-02T08:30:00", "m\x00"]).encode())
    with pytest.raises(HttpError) as refused:
        keyset.decode(cursor.decode())
    assert (refused.value.status, refused.value.code) == (400, "nul_character")
