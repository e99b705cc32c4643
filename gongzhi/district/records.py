"""A grid as read from a grid file, in any format, with where each of its fields sits.

The checks across grids (tree.py, overlaps.py) speak of a grid's fields by name: `code`,
`level`, `parent`, `roster`, `polygon`; each format's place turns that into its own file,
line and field: `features[3].properties.parent` in GeoJSON, the `parent` column of a CSV row.
"""

from dataclasses import dataclass
from typing import Any, Protocol

from gongzhi.district.model import Grid
from gongzhi.district.problems import ConfigProblem
from gongzhi.district.source import Source


class Place(Protocol):
    def problem(self, field: str, message: str) -> ConfigProblem: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class InSource:
    """A grid at `path` in a GeoJSON or YAML file; its polygon at `polygon_path`."""

    source: Source
    path: str
    polygon_path: str

    def problem(self, field: str, message: str) -> ConfigProblem:
        path = self.polygon_path if field == "polygon" else f"{self.path}.{field}"
        return self.source.problem(path, message)

    def describe(self) -> str:
        return f"{self.path}, line {self.source.line(self.path)}"


@dataclass(frozen=True)
class InCsvRow:
    """A grid on a CSV row; its polygon in a feature of the GeoJSON beside it, if it has one.
    With no feature, a problem with the polygon is put on the row's code, saying so."""

    file: str
    line: int
    feature: InSource | None = None

    def problem(self, field: str, message: str) -> ConfigProblem:
        if field == "polygon" and self.feature:
            return self.feature.problem(field, message)
        if field == "polygon":
            field, message = "code", f"{message}: no feature in the GeoJSON beside has this code"
        return ConfigProblem(self.file, self.line, field, message)

    def describe(self) -> str:
        return f"line {self.line}"


@dataclass(frozen=True)
class GridRecord:
    """`grid` is None when the entry failed to load; its code and parent, as written, still
    count, so that one bad grid is reported once and not again by each of its children."""

    code: Any
    parent: Any
    grid: Grid | None
    place: Place
