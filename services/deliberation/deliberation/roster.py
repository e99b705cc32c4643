"""The roster CSV (`deliberation.roster` in district.yaml, relative to the district folder) for
rosters too long for district.yaml: one row per person and role, ids only (names and phones
live in notify's directory).

    community,compound,body,person,assembly_party
    620502001001,,party_core,p-0001,
    620502001001,620502001001-01,owners_committee,p-0001,
    620502001001,,assembly,p-0101,residents_representatives

`body` is a party of the community's council, of the compound's Red Property four when
`compound` is given, or `assembly`, whose members name the party their vote is counted in.
`read` checks each row on its own (its cells); whether the community, compound and parties are
the district's is config_checks' part. A bad row is reported with its line and why.
"""

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from deliberation.bodies import ASSEMBLY, COMPOUND_CODE, Role, person_id_problem
from gongzhi.personal import mask

COLUMNS = ("community", "compound", "body", "person", "assembly_party")
REQUIRED = ("community", "body", "person")
_EXTRA = " extra"  # where csv puts the cells of a row past the header's columns
_CODE = re.compile(r"^\d+$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class RosterRow:
    line: int
    role: Role


class RosterProblems(ValueError):
    """A roster that cannot be used: (line or None, why) for each problem."""

    def __init__(self, file: str, problems: list[tuple[int | None, str]]):
        self.file, self.problems = file, problems
        super().__init__("\n".join(where(file, *problem) for problem in problems))


def where(file: str, line: int | None, message: str) -> str:
    return f"{file}:{line}: {message}" if line else f"{file}: {message}"


def read(path: Path) -> list[RosterRow]:
    """Every row of the roster at `path`; RosterProblems naming each bad one."""
    rows: list[RosterRow] = []
    problems: list[tuple[int | None, str]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file, restkey=_EXTRA)
            _check_header(path.name, reader.fieldnames)
            seen: dict[Role, int] = {}
            for cells in reader:
                role, why = _row(cells, reader.line_num, seen)
                rows.append(RosterRow(reader.line_num, role))
                problems += [(reader.line_num, reason) for reason in why]
    except UnicodeDecodeError:
        raise RosterProblems(path.name, [(None, "not UTF-8 text (save it as CSV UTF-8)")]) from None
    except OSError as error:
        raise RosterProblems(path.name, [(None, f"cannot read: {error.strerror}")]) from None
    if problems:
        raise RosterProblems(path.name, problems)
    return rows


def _check_header(file: str, names: Sequence[str] | None) -> None:
    if [name.strip() for name in names or []] != list(COLUMNS):
        message = f"the first line must name the columns {','.join(COLUMNS)}"
        raise RosterProblems(file, [(1, message)])


def _row(cells: dict, line: int, seen: dict[Role, int]) -> tuple[Role, list[str]]:
    values = {column: (cells.get(column) or "").strip() for column in COLUMNS}
    role = Role(**values)
    why = _cell_problems(role)
    if _EXTRA in cells:
        why.append("more cells than the header has columns")
    if role in seen:
        why.append(f"the same role as line {seen[role]}")
    seen.setdefault(role, line)
    return role, why


def _cell_problems(role: Role) -> list[str]:
    why = [f"{column}: required" for column in REQUIRED if not getattr(role, column)]
    if role.community and not _CODE.match(role.community):
        why.append(f"community: {mask(role.community)!r} is not a community code (digits)")
    if role.compound and not COMPOUND_CODE.match(role.compound):
        why.append(f"compound: {mask(role.compound)!r} is not a compound code")
    if role.body and not _NAME.match(role.body):
        why.append(f"body: {mask(role.body)!r} is not a party or 'assembly'")
    if role.person and (problem := person_id_problem(role.person)):
        why.append(f"person: {problem}")
    why += _assembly_party_problems(role)
    return why


def _assembly_party_problems(role: Role) -> list[str]:
    if role.body == ASSEMBLY and role.compound:
        return ["compound: an assembly is a community's, not a compound's"]
    if role.body == ASSEMBLY and not role.assembly_party:
        return ["assembly_party: required for an assembly member (the party their vote counts in)"]
    if role.body != ASSEMBLY and role.assembly_party:
        return ["assembly_party: only for an assembly member (body assembly)"]
    return []
