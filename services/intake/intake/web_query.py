"""The native list's query string to a ReportPage, and its keyset cursor."""

from datetime import UTC, datetime
from typing import Any

from gongzhi import keyset
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
        after=keyset.decode(args["cursor"]),
        limit=args["limit"],
        visible=visible,
    )


def next_cursor(found: list[dict[str, Any]], limit: int) -> str | None:
    if len(found) < limit:
        return None
    last = found[-1]
    return keyset.encode(last["submitted_at"], last["id"])


def listed(text: str | None) -> tuple[str, ...]:
    """A comma-separated query value as its parts."""
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def _utc(moment: datetime | None) -> datetime | None:
    # Stored times are UTC (SQLite keeps no zone): compare in UTC too.
    return moment.astimezone(UTC) if moment else None
