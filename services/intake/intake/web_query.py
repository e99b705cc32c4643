"""The native list's query string to a ReportPage, and its keyset cursor."""

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from gongzhi.web import HttpError, refuse_nul
from intake.views import ReportPage


def report_page(args: dict[str, Any], visible: tuple[str, ...] | None) -> ReportPage:
    """`visible`: the categories the caller may list (None: every one)."""
    return ReportPage(
        statuses=listed(args["status"]),
        categories=listed(args["category"]),
        grids=listed(args["grid"]),
        channels=listed(args["channel"]),
        since=_utc(args["since"]),
        until=_utc(args["until"]),
        after=_after(args["cursor"]),
        limit=args["limit"],
        visible=visible,
    )


def next_cursor(found: list[dict[str, Any]], limit: int) -> str | None:
    if len(found) < limit:
        return None
    last = found[-1]
    raw = json.dumps([last["submitted_at"].isoformat(), last["id"]]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _after(cursor: str | None) -> tuple[datetime, str] | None:
    if not cursor:
        return None
    try:
        at, last_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        refuse_nul([str(last_id)], "cursor")
        return _utc(datetime.fromisoformat(at)), str(last_id)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, OverflowError):
        raise HttpError(400, "bad_cursor", "the cursor is not one this API gave") from None


def listed(text: str | None) -> tuple[str, ...]:
    """A comma-separated query value as its parts."""
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def _utc(moment: datetime | None) -> datetime | None:
    # Stored times are UTC (SQLite keeps no zone): compare in UTC too.
    return moment.astimezone(UTC) if moment else None
