"""Which leaf grid a point lies in: an STRtree over the leaf grids' polygons.

index = GridIndex.build(district.leaf_grids(), nearest_within_m=100)
index.locate(105.7167, 34.5833)   # Grid(code='620502001001005', ...) or None
index.place(105.7167, 34.5833)    # Placement(grid=..., how='inside', distance_m=0.0)
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import shapely
from shapely import STRtree

from gongzhi.district import Grid
from gongzhi.district.metres import METRES_PER_DEGREE, metres_per_degree_of_longitude

_HERE = shapely.Point(0, 0)  # the point asked about, in metres around itself


@dataclass(frozen=True)
class Placement:
    """How a point found its grid: `inside` it (or on its edge), or the `nearest` grid
    `distance_m` metres away."""

    grid: Grid
    how: Literal["inside", "nearest"]
    distance_m: float = 0.0


@dataclass(frozen=True)
class GridIndex:
    """Point-in-polygon over the leaf grids.

    A point inside a leaf grid or on its boundary (shapely's `covered_by`) is in that grid. A
    point on an edge shared by two grids belongs to the grid with the smaller code (compared
    as text), so the answer never depends on the order the grids were loaded in. A point in no
    grid goes to the nearest leaf grid within `nearest_within_m` metres (measured in local
    metres, see `metres`; ties again to the smaller code), else to none.
    """

    grids: tuple[Grid, ...]
    tree: STRtree
    nearest_within_m: float = 0.0

    @classmethod
    def build(cls, leaf_grids: Iterable[Grid], *, nearest_within_m: float = 0.0) -> "GridIndex":
        grids = tuple(grid for grid in leaf_grids if grid.polygon is not None)
        return cls(grids, STRtree([grid.polygon for grid in grids]), nearest_within_m)

    def locate(self, long: float, lat: float) -> Grid | None:
        placement = self.place(long, lat)
        return placement.grid if placement else None

    def place(self, long: float, lat: float) -> Placement | None:
        point = shapely.Point(long, lat)
        hits = self.tree.query(point, predicate="covered_by")
        if len(hits):
            return Placement(min((self.grids[i] for i in hits), key=_code), "inside")
        return self._nearest(point) if self.nearest_within_m > 0 else None

    def _nearest(self, point: shapely.Point) -> Placement | None:
        radius = self.nearest_within_m / metres_per_degree_of_longitude(point.y)  # the wider
        near = self.tree.query(point, predicate="dwithin", distance=radius).tolist()
        polygons = around(self.tree.geometries.take(near), point.x, point.y)
        distances = shapely.distance(polygons, _HERE).tolist()
        within = [
            (distance, self.grids[i].code, i)
            for distance, i in zip(distances, near, strict=True)
            if distance <= self.nearest_within_m
        ]
        if not within:
            return None
        distance, _, index = min(within)
        return Placement(self.grids[index], "nearest", distance)


def around(geometries: np.ndarray, long: float, lat: float) -> np.ndarray:
    """`geometries` in metres east and north of (long, lat)."""
    scale = np.array([metres_per_degree_of_longitude(lat), METRES_PER_DEGREE])
    origin = np.array([long, lat])
    return shapely.transform(geometries, lambda xy: (xy - origin) * scale)


def _code(grid: Grid) -> str:
    return grid.code
