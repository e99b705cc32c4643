"""The pieces of an export (exports.py, export_ledger.py): a table whose rows are read as they
are written and added up into its totals row, what was asked for, and reading helpers."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from scoring.export_scope import Scope

BATCH = 1000  # rows fetched from the database at a time


@dataclass
class Table:
    """One table: a sheet of an XLSX file, a section of a CSV one."""

    name: str
    header: tuple[str, ...]
    rows: Iterator[tuple[Any, ...]]
    summed: tuple[str, ...] = ()
    counted: str | None = None
    totals: dict[str, Any] = field(default_factory=dict)

    def each(self) -> Iterator[tuple[Any, ...]]:
        """The rows, adding each up into `totals` on the way (the totals row)."""
        at = {name: self.header.index(name) for name in self.summed}
        count = 0
        self.totals = dict.fromkeys(self.summed, 0)
        for row in self.rows:
            count += 1
            for name, index in at.items():
                self.totals[name] += row[index] or 0
            yield row
        if self.counted:
            self.totals[self.counted] = count

    def totals_row(self) -> tuple[Any, ...]:
        return ("合计 total", *(self.totals.get(name, "") for name in self.header[1:]))


@dataclass(frozen=True)
class Export:
    kind: str
    month: str  # 2026-11
    scope: Scope
    start: datetime  # the month's, UTC
    end: datetime
    zone: ZoneInfo


def local(at: datetime, zone: ZoneInfo) -> str:
    """A stored time (UTC; SQLite keeps none) in the district's, e.g. 2026-11-03 18:00:00."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def in_scope(column, scope: Scope) -> list:
    """The condition that keeps the scope's rows (none for the district's)."""
    return [] if scope.codes is None else [column.in_(sorted(scope.codes))]


def stream(session: Session, query) -> Iterator[Any]:
    """The query's rows, BATCH at a time from the database."""
    yield from session.execute(query.execution_options(yield_per=BATCH))
