"""Time as a dependency, so domain code can be tested at any moment."""

from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """Starts at `start` and runs on at real speed: a drill or an end-to-end test on another
    day than today, with every service process on it (`GONGZHI_CLOCK_START`)."""

    def __init__(self, start: datetime):
        self.offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def from_setting(value: str | None) -> SystemClock | ShiftedClock:
    """The clock `GONGZHI_CLOCK_START` asks for: the system's when it is unset or empty, else
    one starting at that instant. ValueError when the value is no ISO 8601 instant with an
    offset."""
    if not value:
        return SystemClock()
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        start = None
    if start is None or start.utcoffset() is None:
        raise ValueError(
            f"{value!r} is not an ISO 8601 instant with an offset, e.g. 2026-12-02T09:00:00+08:00"
        )
    return ShiftedClock(start)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back without their zone; everything we store is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
