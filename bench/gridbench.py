"""The grid registry at seed 002's size: 15,767 leaf grids synthesised into a temporary
folder, loaded, indexed, then 100,000 random points inside the district's bounds located one
by one. Prints figures; judges nothing. `python -m bench.gridbench`.
"""

import random
import tempfile
import time
from pathlib import Path

import shapely

from bench import report
from gongzhi.district import load_district
from routing.grid_index import GridIndex
from routing.synth import write_synthetic_district

LEAF_GRIDS = 15_767  # seed 002's district
POINTS = 100_000
SEED = 2


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gridbench-") as folder:
        figures = measure(Path(folder))
    print_figures(figures)


def measure(folder: Path) -> dict:
    started = time.perf_counter()
    write_synthetic_district(folder, LEAF_GRIDS, SEED)
    written = time.perf_counter()
    district = load_district(folder)
    loaded = time.perf_counter()
    index = GridIndex.build(district.leaf_grids())
    built = time.perf_counter()
    took, found = _locate(index, _points(index))
    return {
        "synth_s": written - started,
        "load_s": loaded - written,
        "build_s": built - loaded,
        "nodes": len(district.grids),
        "took": took,
        "found": found,
    }


def print_figures(f: dict) -> None:
    took = sorted(f["took"])
    print(report.plain("grids: synthesise and write", f"{f['synth_s']:>9,.2f} s"))
    print(report.plain(f"grids: load {LEAF_GRIDS:,} leaves", f"{f['load_s']:>9,.2f} s"))
    print(report.plain("grids: build the index", f"{f['build_s']:>9,.3f} s"))
    print(report.plain("grids: locate p50", f"{report.percentile(took, 0.50) * 1e6:>9,.1f} µs"))
    print(report.plain("grids: locate p99", f"{report.percentile(took, 0.99) * 1e6:>9,.1f} µs"))
    rate = report.rate(len(took), sum(took))
    print(report.plain("grids: locate", f"{rate:>9,.0f} points/s"))
    print(report.plain("grids: points in a grid", f"{f['found']:>9,} of {len(took):,}"))


def _points(index: GridIndex) -> list[tuple[float, float]]:
    west, south, east, north = shapely.total_bounds(index.tree.geometries).tolist()
    rng = random.Random(SEED)
    return [(rng.uniform(west, east), rng.uniform(south, north)) for _ in range(POINTS)]


def _locate(index: GridIndex, points: list[tuple[float, float]]) -> tuple[list[float], int]:
    """Seconds per point, and how many points fell in a grid."""
    took, found = [], 0
    for long, lat in points:
        started = time.perf_counter()
        grid = index.locate(long, lat)
        took.append(time.perf_counter() - started)
        found += grid is not None
    return took, found


if __name__ == "__main__":
    main()
