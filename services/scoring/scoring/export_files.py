"""An export's tables (export_tables.Table) written as a file, a row at a time, into a spooled
temporary file (in memory while small, on disk past SPOOL_BYTES), so that a district's month of
tens of thousands of legs never sits in memory whole.

- CSV: UTF-8 with a BOM (Excel then reads Chinese right); a caption line (what, which month,
  which scope, final or provisional), then each table: its name, its header, its rows, its
  totals row, a blank line.
- XLSX (openpyxl's write-only workbook): an `export` sheet with the caption, then one sheet a
  table: a bold header row, frozen, its columns sized, its rows, a bold totals row.
"""

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from scoring.export_tables import Export, Table

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SPOOL_BYTES = 8 * 1024 * 1024
WIDTHS = {"reference": 40, "account": 30, "owner": 28, "reasons": 24, "case": 22, "at": 20}
WIDTHS |= {"rated_at": 20, "community": 16}
BOLD = Font(bold=True)


def caption(wanted: Export, now: datetime) -> list[tuple[str, str]]:
    """What the file holds; a month not ended by `now` is marked provisional (临时)."""
    status = "provisional 临时" if now < wanted.end else "final"
    return [
        ("export", wanted.kind),
        ("month", wanted.month),
        ("scope", wanted.scope.text),
        ("status", status),
    ]


def write(form: str, tables: Iterable[Table], about: list[tuple[str, str]]) -> IO[bytes]:
    """The file, rewound to its start; the caller closes it."""
    spooled: IO[bytes] = SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    if form == "csv":
        write_csv(spooled, tables, about)
    else:
        write_xlsx(spooled, tables, about)
    spooled.seek(0)
    return spooled


def write_csv(out: IO[bytes], tables: Iterable[Table], about: list[tuple[str, str]]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    rows = csv.writer(text)
    rows.writerow([part for pair in about for part in pair])
    for table in tables:
        rows.writerow([])
        rows.writerow([table.name])
        rows.writerow(table.header)
        rows.writerows(_cells(row) for row in table.each())
        rows.writerow(_cells(table.totals_row()))
    text.flush()
    text.detach()  # the spooled file stays open for the caller


def write_xlsx(out: IO[bytes], tables: Iterable[Table], about: list[tuple[str, str]]) -> None:
    book = Workbook(write_only=True)
    first = book.create_sheet("export")
    first.column_dimensions["A"].width = 12
    first.column_dimensions["B"].width = 24
    for pair in about:
        first.append(list(pair))
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.freeze_panes = "A2"
        for number, name in enumerate(table.header, start=1):
            width = max(WIDTHS.get(name, 12), len(name) + 2)
            sheet.column_dimensions[get_column_letter(number)].width = width
        sheet.append([_bold(sheet, name) for name in table.header])
        for row in table.each():
            sheet.append(list(row))
        sheet.append([_bold(sheet, value) for value in table.totals_row()])
    book.save(out)


def _bold(sheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = BOLD
    return cell


def _cells(row: tuple[Any, ...]) -> list[Any]:
    """None as an empty cell, as an XLSX file shows it."""
    return ["" if value is None else value for value in row]
