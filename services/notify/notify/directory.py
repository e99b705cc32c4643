"""Who is who: the staff notify tells, by the ids routing names owners and supervisors with
(`gw-<grid code>` and other roster ids, community and street codes, department codes), with
their contacts. Imported from a CSV (`gongzhi notify directory import FILE`), never committed
in config:

    id,kind,name,phone,email,wecom,dingtalk,feishu,community
    gw-620502001001001,grid_worker,张伟,13800138001,,zhangwei,,,620502001001

Each row is checked on its own; a bad one is reported with its line and why (its phone number
or e-mail address never shown) and skipped, and the rest is imported, new ids added and known
ones replaced.
"""

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from gongzhi.contacts import is_email, phone_number
from gongzhi.personal import mask
from notify.model import directory

KINDS = (
    "grid_worker",
    "grid_police",
    "grid_supervisor",
    "party_secretary",
    "community",
    "community_staff",
    "street",
    "district",
    "department",
    "department_head",
    "supervisor",
)
ADDRESSES = ("phone", "email", "wecom", "dingtalk", "feishu")
COLUMNS = ("id", "kind", "name", *ADDRESSES, "community")
REQUIRED = ("id", "kind")
EXTRA = " extra"  # where csv puts the cells of a row past the header's columns


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass(frozen=True)
class ImportReport:
    imported: int  # ids new to the directory
    updated: int  # ids it had, replaced by the file's rows
    bad: list[BadRow]


class BadFile(ValueError):
    """A file that is no directory CSV at all: nothing of it is imported."""


def address_of(session: Session, person_id: str, address: str) -> str | None:
    """The person's contact for a channel's address kind; None if the directory has no such
    person, or the person no such contact. ValueError for a kind that is not in ADDRESSES."""
    if address not in ADDRESSES:
        raise ValueError(f"unknown address kind {address!r}: one of {', '.join(ADDRESSES)}")
    column = directory.c[address]
    return session.execute(select(column).where(directory.c.id == person_id)).scalar()


def import_csv(session: Session, path: Path, now: datetime) -> ImportReport:
    """Import every good row of `path` (upsert by id) in the session's transaction; BadFile
    when the file cannot be read as a directory at all."""
    people, bad = [], []
    for line, person, reason in _rows(path):
        if reason:
            bad.append(BadRow(line, reason))
        else:
            people.append(person)
    imported, updated = _upsert(session, people, now.astimezone(UTC))
    return ImportReport(imported, updated, bad)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str | None], str]]:
    """(line, the row's values, why it is bad or "") for each row of the file."""
    seen: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file, restkey=EXTRA)
            reader.fieldnames = _checked_header(reader.fieldnames)
            for row in reader:
                person = {column: (row.get(column) or "").strip() or None for column in COLUMNS}
                problems = _problems(person, extra=EXTRA in row)
                problems += _duplicate(person["id"], reader.line_num, seen)
                yield reader.line_num, _normalised(person), "; ".join(problems)
    except UnicodeDecodeError:
        raise BadFile(f"{path}: not UTF-8 text (save the sheet as CSV UTF-8)") from None
    except OSError as error:
        raise BadFile(f"{path}: {error.strerror}") from None


def _checked_header(fields: Sequence[str] | None) -> list[str]:
    given = [name.strip() for name in fields or []]
    missing = [name for name in REQUIRED if name not in given]
    unknown = [name for name in given if name not in COLUMNS]
    if missing or unknown:
        raise BadFile(
            f"the header must name the columns {','.join(COLUMNS)} (id and kind required); "
            f"missing: {', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'}"
        )
    return given


LIMITS = {"id": 100, "name": 200, "wecom": 100, "dingtalk": 100, "feishu": 100, "community": 50}


def _problems(person: dict[str, str | None], extra: bool) -> list[str]:
    problems = [f"{column}: required" for column in REQUIRED if not person[column]]
    kind = person["kind"]
    if kind and kind not in KINDS:
        problems.append(f"kind: unknown {mask(kind)!r}, one of {', '.join(KINDS)}")
    for column, limit in LIMITS.items():
        if len(person[column] or "") > limit:
            problems.append(f"{column}: at most {limit} characters")
    if person["phone"] and phone_number(person["phone"]) is None:
        problems.append("phone: not a phone number in China")
    if person["email"] and not is_email(person["email"]):
        problems.append("email: not an e-mail address")
    if extra:
        problems.append("more cells than the header has columns")
    return problems


def _duplicate(person_id: str | None, line: int, seen: dict[str, int]) -> list[str]:
    if not person_id:
        return []
    if person_id in seen:
        return [f"id: {mask(person_id)!r} is already on line {seen[person_id]}"]
    seen[person_id] = line
    return []


def _normalised(person: dict[str, str | None]) -> dict[str, str | None]:
    phone = phone_number(person["phone"]) if person["phone"] else None
    return {**person, "phone": phone}


def _upsert(session: Session, people: list[dict], now: datetime) -> tuple[int, int]:
    known = set(session.scalars(select(directory.c.id)))
    new = [person for person in people if person["id"] not in known]
    if new:
        session.execute(insert(directory), [{**person, "updated_at": now} for person in new])
    for person in people:
        if person["id"] in known:
            row = {**person, "updated_at": now}
            session.execute(update(directory).where(directory.c.id == person["id"]).values(row))
    return len(new), len(people) - len(new)
