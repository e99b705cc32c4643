"""People from a CSV (`gongzhi scoring people import FILE`), by id, community and role alone:

    person,community,role
    p-1001,620502001001,party_member

A file with any other column (a name, a phone number) is refused whole: scoring keeps no
personal data (accounts.py says why). Each row is registered on its own; a bad one is reported
with its line and why and skipped, the rest registered (a person registered so already is
counted, not changed)."""

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from scoring import accounts
from scoring.earning import Book
from scoring.ledger import Refused

COLUMNS = ("person", "community", "role")


class BadFile(ValueError):
    """A file that is no people CSV at all: nothing of it is imported."""


@dataclass
class ImportReport:
    registered: int = 0
    already: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def import_csv(session: Session, path: Path, book: Book, at: datetime) -> ImportReport:
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = csv.DictReader(file)
        columns = tuple(rows.fieldnames or ())
        if sorted(columns) != sorted(COLUMNS):
            wanted, given = ",".join(COLUMNS), ",".join(columns)
            raise BadFile(f"{path}: the columns must be {wanted} (no names), not {given}")
        found = ImportReport()
        for row in rows:
            _one(session, row, rows.line_num, book, at, found)
    return found


def _one(session: Session, row: dict, line: int, book: Book, at: datetime, found: ImportReport):
    values = {name: (row.get(name) or "").strip() for name in COLUMNS}
    if None in row or not all(values.values()):
        found.bad.append((line, "a row has a person, a community and a role, nothing more"))
        return
    try:
        with session.begin_nested():
            new = accounts.register(
                session, accounts.Person(**values), book.scoring, at, book.communities
            )
    except Refused as refused:
        found.bad.append((line, refused.message))
        return
    if new:
        found.registered += 1
    else:
        found.already += 1
