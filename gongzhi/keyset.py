"""The cursor of a list read newest first, a page at a time (keyset paging): the last row's time
and id, opaque to the caller. Intake's reports and deliberation's public board use it.

    cursor = encode(last["submitted_at"], last["id"])   # the next page starts after this row
    decode(cursor)                                       # (datetime in UTC, id), or HttpError 400
"""

import base64
import binascii
import json
from datetime import UTC, datetime

from gongzhi.web import HttpError, refuse_nul


def encode(at: datetime, last_id: str) -> str:
    raw = json.dumps([at.isoformat(), last_id]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode(cursor: str | None) -> tuple[datetime, str] | None:
    """The row a page starts after; None for the first page; HttpError 400 for a cursor this
    API did not give (a time without its zone is taken as UTC, which is all we store)."""
    if not cursor:
        return None
    try:
        at, last_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        refuse_nul([str(last_id)], "cursor")
        return utc(datetime.fromisoformat(at)), str(last_id)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, OverflowError):
        raise HttpError(400, "bad_cursor", "the cursor is not one this API gave") from None


def utc(moment: datetime) -> datetime:
    """Stored times are UTC (SQLite keeps no zone): compare in UTC too."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
