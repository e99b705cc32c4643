"""The import format for large grid trees: `grids.csv` with a `grids.geojson` beside it.

    code,name,level,parent,roster
    620502900,合成社区,1,,party_secretary:ps-620502900
    620502900001,1片区,2,620502900,grid_supervisor:gs-620502900001
    620502900001001,1片区1院,3,620502900001,grid_worker:gw-620502900001001;grid_police:gp-7

`parent` is empty on level 1; `roster` is `role:id` pairs joined by `;` (an id may hold `:`
but not `;`). The GeoJSON beside it, of the same stem, holds a feature with only
`properties.code` and the geometry for each grid that has a polygon: every leaf grid, and the
upper grids that have one. A problem in a row reads `grids.csv:<line>: <column>: ...`; one in
a polygon points at its feature in the GeoJSON. Routing's `grid_writer` writes the format.
"""

import csv
import io
from pathlib import Path

from gongzhi.district.grid_files import Progress
from gongzhi.district.grid_polygons import PolygonFeature, read_polygons
from gongzhi.district.grid_rows import row_grid
from gongzhi.district.model import Grid
from gongzhi.district.problems import ConfigProblem
from gongzhi.district.records import GridRecord, InCsvRow

COLUMNS = ("code", "name", "level", "parent", "roster")


def read_import_format(
    path: Path, problems: list[ConfigProblem], progress: Progress
) -> list[GridRecord]:
    """The grids of `path` (a CSV), each with its polygon from the GeoJSON beside it."""
    features = read_polygons(path.with_suffix(".geojson"), problems, progress)
    records = []
    for line, cells in progress(_rows(path, problems), "grids"):
        row = dict(zip(COLUMNS, cells, strict=False))
        feature = features.get(row.get("code", ""))
        place = InCsvRow(str(path), line, feature.place if feature else None)
        grid = _grid(cells, feature, place, problems)
        records.append(GridRecord(row.get("code"), row.get("parent") or None, grid, place))
    codes = {record.code for record in records}
    for code, feature in features.items():
        if code not in codes:
            message = f"no grid {code!r} in {path.name}"
            problems.append(feature.place.problem("properties.code", message))
    return records


def _grid(
    cells: list[str],
    feature: PolygonFeature | None,
    place: InCsvRow,
    problems: list[ConfigProblem],
) -> Grid | None:
    """The grid on the row, or None if the row or its feature is broken."""
    if len(cells) != len(COLUMNS):
        message = f"{len(cells)} cells, not one for each of the columns {_header()}"
        problems.append(place.problem("", message))
        return None
    polygon = feature.polygon if feature else None
    grid, errors = row_grid(dict(zip(COLUMNS, cells, strict=True)), polygon)
    problems.extend(place.problem(column, message) for column, message in errors)
    return None if feature and feature.broken else grid


def _rows(path: Path, problems: list[ConfigProblem]) -> list[tuple[int, list[str]]]:
    """Each row with the line it starts on (a quoted cell may span lines)."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's export may start with a BOM
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        problems.append(ConfigProblem(str(path), None, "", f"cannot read: {reason}"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header, rows, start = next(reader, []), [], reader.line_num + 1
    if tuple(header) != COLUMNS:
        problem = f"the first row must name the columns {_header()}, not {','.join(header)}"
        problems.append(ConfigProblem(str(path), 1, "", problem))
        return []
    for cells in reader:
        if cells:  # a blank line
            rows.append((start, cells))
        start = reader.line_num + 1
    return rows


def _header() -> str:
    return ",".join(COLUMNS)
