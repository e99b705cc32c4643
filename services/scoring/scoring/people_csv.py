"""People from a CSV (`gongzhi scoring people import FILE`), by id, community and role, and
optionally their grid, whether they agreed to be shown on public boards (shown: yes/no, 是/否)
and the alias they chose:

    person,community,role,grid,shown,alias
    p-1001,620502001001,party_member,620502001001001,yes,热心大姐

A file with any other column (a name, a phone number) is refused whole: scoring keeps no
personal data (accounts.py says why). Each row is registered on its own; a bad one is reported
with its line and why and skipped, the rest registered (a person registered so already is
counted, not changed)."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from scoring import accounts
from scoring.earning import Book
from scoring.ledger import Refused

COLUMNS = ("person", "community", "role")
OPTIONAL = ("grid", "shown", "alias")
YES, NO = ("yes", "y", "true", "1", "是"), ("no", "n", "false", "0", "否", "")


class BadFile(ValueError):
    """A file that is no people CSV at all: nothing of it is imported."""


@dataclass
class ImportReport:
    registered: int = 0
    already: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def import_csv(session: Session, path: Path, book: Book, at: datetime) -> ImportReport:
    found = ImportReport()
    for line, row in rows_of(path, COLUMNS, OPTIONAL, " (no names)"):
        _one(session, row, line, book, at, found)
    return found


def rows_of(
    path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = (), note: str = ""
) -> Iterator[tuple[int, dict]]:
    """Each row of a CSV with its line; BadFile, before any row, unless its columns are
    `columns` and of `optional` alone (in any order)."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = csv.DictReader(file)
        given = tuple(rows.fieldnames or ())
        if not set(columns) <= set(given) <= {*columns, *optional}:
            wanted = ",".join(columns) + (
                f" and optionally {','.join(optional)}" if optional else ""
            )
            raise BadFile(f"{path}: the columns must be {wanted}{note}, not {','.join(given)}")
        for row in rows:
            yield rows.line_num, row


def _one(session: Session, row: dict, line: int, book: Book, at: datetime, found: ImportReport):
    values = {name: (row.get(name) or "").strip() for name in COLUMNS}
    shown = (row.get("shown") or "").strip().lower()
    if None in row or not all(values.values()) or shown not in (*YES, *NO):
        found.bad.append((line, "a row has a person, a community, a role, shown yes or no"))
        return
    extra = {name: (row.get(name) or "").strip() or None for name in ("grid", "alias")}
    person = accounts.Person(**values, **extra, shown=shown in YES if shown else None)
    try:
        with session.begin_nested():
            new = accounts.register(session, person, book.scoring, at, book.communities)
    except Refused as refused:
        found.bad.append((line, refused.message))
        return
    if new:
        found.registered += 1
    else:
        found.already += 1
