"""Leaf grids must not overlap: a shared edge is fine, a shared area above a square metre is not.

Pairs come from an STRtree (each polygon against its neighbours), never from all pairs.
"""

from collections.abc import Iterator

import numpy as np
import shapely
from shapely import STRtree

from gongzhi.district.metres import square_metres
from gongzhi.district.model import Grid
from gongzhi.district.problems import ConfigProblem
from gongzhi.district.records import Place

TOLERANCE_M2 = 1.0  # what two surveys of the same street edge may disagree by
_INTERIORS_MEET = "T********"  # DE-9IM: the interiors intersect; touching edges do not


def overlap_problems(
    leaves: list[tuple[Grid, Place]], tolerance_m2: float = TOLERANCE_M2
) -> Iterator[ConfigProblem]:
    """One problem per overlapping pair, on the polygon of the one later in the file."""
    shaped = [(grid, place) for grid, place in leaves if grid.polygon is not None]
    polygons = np.array([grid.polygon for grid, _ in shaped], dtype=object)
    for first, second in _overlapping_pairs(polygons):
        area = square_metres(shapely.intersection(polygons[first], polygons[second]))
        if area > tolerance_m2:
            message = f"overlaps grid {shaped[first][0].code!r} by {area:,.1f} m²"
            yield shaped[second][1].problem("polygon", message)


def _overlapping_pairs(polygons: np.ndarray) -> list[tuple[int, int]]:
    """Index pairs (i < j) whose interiors meet."""
    if len(polygons) == 0:
        return []
    shapely.prepare(polygons)  # halves the time relate_pattern takes (measured)
    first, second = STRtree(polygons).query(polygons, predicate="intersects")
    ordered = first < second
    first, second = first[ordered], second[ordered]
    meet = shapely.relate_pattern(polygons[first], polygons[second], _INTERIORS_MEET)
    return sorted(zip(first[meet].tolist(), second[meet].tolist(), strict=True))
