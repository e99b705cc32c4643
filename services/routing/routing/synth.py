"""A synthetic district in the import format, to try the grid registry at scale.

`count` leaf grids in five levels, community-area-compound-building-unit (社区-片区-小区-楼栋-
单元). Below the community each grid has up to `b` children, b the smallest branching with
b⁴ >= count; leaves are numbered in order, so the last parents are filled only in part and
there are exactly `count` leaves. Each level lays its children out in a block of columns and
rows, so the leaves are the cells of one lattice, nested as the tree is. The lattice's inner
corners are jittered (seeded), making every leaf a different quadrilateral that shares its
edges with its neighbours and overlaps none. Upper grids have no polygon. Rosters carry ids
only. The same count and seed give the same files.
"""

import math
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from gongzhi.district import Grid, RosterMember
from gongzhi.district.metres import METRES_PER_DEGREE, metres_per_degree_of_longitude
from routing.grid_writer import write_import_format

CODE, NAME = "620502900", "合成社区"  # illustrative
LEVELS = 5
SUFFIXES = ("片区", "小区", "号楼", "单元")  # the names of levels 2 to 5
CENTRE = (105.72, 34.58)  # long, lat: around Tianshui's old town, like the sample district
CELL_M = 40.0  # a leaf grid's side before jitter
JITTER = 0.25  # of a cell, each way: under a half, no two lattice edges can cross
POLICE_SHARE = 0.2  # leaves with a grid police officer beside their grid worker

DISTRICT_YAML = """\
# A synthetic district: `gongzhi grids synth --count {count} --seed {seed}` wrote it, with
# {count} leaf grids in 5 levels (community, area, compound, building, unit) in grids.csv and
# their polygons in grids.geojson. Codes, names, places and rosters are illustrative.
code: "{code}"
name: {name}
timezone: Asia/Shanghai
grids: grids.csv

intake:
  jurisdiction_id: synth.gongzhi.invalid
  emergency_notice: 紧急情况请立即拨打 110(报警)、119(火警)、120(急救),不要等待网格回复。
  merge_radius_m: 50
  merge_window_minutes: 120

categories:
  - {{code: blocked-sewer, name: 下水道堵塞, class: ordinary, tier: grid}}
  - {{code: neighbour-dispute, name: 邻里纠纷, class: ordinary, tier: grid}}
  - {{code: property-dispute, name: 物业纠纷, class: complex, tier: community}}
  - {{code: dangerous-house, name: 危房, class: complex, tier: street}}
"""


def write_synthetic_district(folder: Path, count: int, seed: int) -> list[Grid]:
    """Write district.yaml, grids.csv and grids.geojson into `folder`; the grids written."""
    grids = synthetic_grids(count, seed)
    folder.mkdir(parents=True, exist_ok=True)
    text = DISTRICT_YAML.format(count=count, seed=seed, code=CODE, name=NAME)
    (folder / "district.yaml").write_text(text, encoding="utf-8")
    write_import_format(folder, grids)
    return grids


def synthetic_grids(count: int, seed: int) -> list[Grid]:
    """The tree in order, each parent before its children."""
    if count < 1:
        raise ValueError("a district needs at least one leaf grid")
    branching = branching_for(count)
    rng = np.random.default_rng(seed)
    polygons = _leaf_polygons(count, branching, rng)
    police = rng.random(count) < POLICE_SHARE
    grids = [Grid(CODE, NAME, 1, None, None, (RosterMember(f"ps-{CODE}", "party_secretary"),))]
    by_code = {CODE: grids[0]}
    for leaf in range(count):
        parent = grids[0]
        for level, digit in enumerate(_digits(leaf, branching), 2):
            code = f"{parent.code}{digit + 1:03d}"
            if code not in by_code:
                by_code[code] = _grid(code, parent, level, digit, polygons[leaf], police[leaf])
                grids.append(by_code[code])
            parent = by_code[code]
    return grids


def branching_for(count: int) -> int:
    """The smallest number of children per grid that gives `count` leaves four levels down."""
    branching = max(2, math.ceil(count ** (1 / (LEVELS - 1))) - 1)
    while branching ** (LEVELS - 1) < count:  # floating point may land one short
        branching += 1
    return branching


def _grid(
    code: str, parent: Grid, level: int, digit: int, polygon: BaseGeometry, police: bool
) -> Grid:
    name = f"{'' if level == 2 else parent.name}{digit + 1}{SUFFIXES[level - 2]}"
    if level == 2:
        return Grid(
            code, name, level, parent.code, None, (RosterMember(f"gs-{code}", "grid_supervisor"),)
        )
    if level < LEVELS:
        return Grid(code, name, level, parent.code, None, ())
    roster: tuple[RosterMember, ...] = (RosterMember(f"gw-{code}", "grid_worker"),)
    if police:
        roster += (RosterMember(f"gp-{code}", "grid_police"),)
    return Grid(code, name, level, parent.code, polygon, roster)


def _digits(leaf: int, branching: int) -> list[int]:
    """The leaf's child numbers from level 2 down: `leaf` in base `branching`."""
    digits = []
    for _ in range(LEVELS - 1):
        leaf, digit = divmod(leaf, branching)
        digits.append(digit)
    return digits[::-1]


def _leaf_polygons(count: int, branching: int, rng: np.random.Generator) -> np.ndarray:
    columns = math.ceil(math.sqrt(branching))
    rows = math.ceil(branching / columns)
    cells = np.array([_cell(leaf, branching, columns, rows) for leaf in range(count)])
    corners = _corners(columns ** (LEVELS - 1), rows ** (LEVELS - 1), rng)
    x, y = cells[:, 0], cells[:, 1]
    rings = np.stack(  # south-west, south-east, north-east, north-west: counter-clockwise
        [
            corners[x, y + 1],
            corners[x + 1, y + 1],
            corners[x + 1, y],
            corners[x, y],
            corners[x, y + 1],
        ],
        axis=1,
    )
    return shapely.polygons(rings)


def _cell(leaf: int, branching: int, columns: int, rows: int) -> tuple[int, int]:
    """The leaf's lattice cell: each level's child number picks a column and row in its
    parent's block. Row 0 is the northernmost, so codes run north-west to south-east."""
    x = y = 0
    for digit in _digits(leaf, branching):
        x, y = x * columns + digit % columns, y * rows + digit // columns
    return x, y


def _corners(columns: int, rows: int, rng: np.random.Generator) -> np.ndarray:
    """(long, lat) of lattice corner (column, row); the inner ones jittered, the rim straight."""
    cell = np.array(
        [CELL_M / metres_per_degree_of_longitude(CENTRE[1]), -CELL_M / METRES_PER_DEGREE]
    )
    column, row = np.meshgrid(np.arange(columns + 1), np.arange(rows + 1), indexing="ij")
    offset = np.stack([column, row], axis=-1).astype(float)
    inner = (column > 0) & (column < columns) & (row > 0) & (row < rows)
    offset[inner] += rng.uniform(-JITTER, JITTER, size=(int(inner.sum()), 2))
    north_west = np.array(CENTRE) - cell * [columns / 2, rows / 2]
    return np.round(north_west + offset * cell, 7)
