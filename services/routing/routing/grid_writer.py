"""Write a grid tree in the import format (see `gongzhi.district.grid_csv`, which reads it):
`grids.csv` and the `grids.geojson` of polygons beside it. `gongzhi grids import --into` and
`gongzhi grids synth` write with it."""

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from shapely.geometry import mapping

from gongzhi.district import Grid
from gongzhi.district.grid_csv import COLUMNS


def write_import_format(folder: Path, grids: Sequence[Grid]) -> None:
    """Write `grids.csv` and `grids.geojson` into `folder`; ValueError if a roster id holds
    `;`, which the CSV cannot carry."""
    rows = [[g.code, g.name, g.level, g.parent or "", _roster_text(g)] for g in grids]
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\n").writerows([COLUMNS, *rows])
    (folder / "grids.csv").write_text(text.getvalue(), encoding="utf-8")
    features = ",\n".join(_feature_line(g) for g in grids if g.polygon is not None)
    collection = f'{{"type": "FeatureCollection", "features": [\n{features}\n]}}\n'
    (folder / "grids.geojson").write_text(collection, encoding="utf-8")


def _roster_text(grid: Grid) -> str:
    for member in grid.roster:
        if ";" in member.id:
            raise ValueError(f"grid {grid.code}: roster id {member.id!r} holds ';'")
    return ";".join(f"{member.role}:{member.id}" for member in grid.roster)


def _feature_line(grid: Grid) -> str:
    feature = {
        "type": "Feature",
        "properties": {"code": grid.code},
        "geometry": mapping(grid.polygon),
    }
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
