"""`gongzhi grids import` and `gongzhi grids synth`: a district's grid tree at scale.

$ gongzhi grids synth --count 15767 /tmp/big
$ gongzhi grids import /tmp/big
15767 leaf grids in 5 levels (17,202 nodes) loaded in 2.1 s; index built in 0.1 s;
15767/15767 lookups answered from the index
"""

import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import yaml
from tqdm import tqdm

from gongzhi.district import ConfigError, District, Grid, load_district
from routing.grid_index import GridIndex
from routing.grid_writer import write_import_format
from routing.synth import LEVELS, write_synthetic_district

T = TypeVar("T")


def import_grids(folder: Path, into: Path | None = None) -> int:
    """Load `folder`'s district with a progress bar on stderr and print every problem there
    (1), else index the leaf grids, look each one's representative point up and print a
    summary (0, or 1 if a lookup missed). With `into`, write the tree there in the import
    format (2 if its district.yaml names another grid file: that file would be lost)."""
    if into is not None and (named := _other_grid_file(into)):
        print(f"gongzhi: {into / 'district.yaml'} names {named}, not grids.csv", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        district = load_district(folder, progress=_bar)
    except ConfigError as error:
        _print_problems(error, folder)
        return 1
    loaded = time.perf_counter() - started
    if into is not None and not _written(into, district.grids):
        return 1
    return _index(district, loaded)


def _index(district: District, loaded: float) -> int:
    started = time.perf_counter()
    index = GridIndex.build(district.leaf_grids())
    built = time.perf_counter() - started
    missed = _missed_lookups(district.leaf_grids(), index)
    for grid, answer in missed:
        print(f"{grid.code}: its representative point is answered with {answer}", file=sys.stderr)
    print(_summary(district, loaded, built, len(missed)))
    return 1 if missed else 0


def synth_grids(folder: Path, count: int, seed: int) -> int:
    """Write a synthetic district of `count` leaf grids into the empty or new `folder`."""
    if folder.exists() and any(folder.iterdir()):
        print(f"gongzhi: {folder} is not empty; synth writes into a new folder", file=sys.stderr)
        return 2
    if count < 1:
        print("gongzhi: --count must be 1 or more", file=sys.stderr)
        return 2
    grids = write_synthetic_district(folder, count, seed)
    print(
        f"wrote {count} leaf grids ({len(grids):,} grids in {LEVELS} levels) to {folder}: "
        "district.yaml, grids.csv, grids.geojson"
    )
    return 0


def _bar(items: Sequence[T], what: str) -> Iterable[T]:
    return tqdm(items, desc=f"reading {what}", unit=" " + what.rstrip("s"), file=sys.stderr)


def _missed_lookups(leaves: Sequence[Grid], index: GridIndex) -> list[tuple[Grid, str]]:
    """The leaf grids whose representative point the index answers with another grid or none."""
    missed = []
    for grid in leaves:
        point = grid.polygon.representative_point() if grid.polygon else None
        answer = index.locate(point.x, point.y) if point else None
        if answer is None or answer.code != grid.code:
            missed.append((grid, answer.code if answer else "no grid"))
    return missed


def _other_grid_file(into: Path) -> str | None:
    """The grid file that `into`'s district.yaml names, if it has one naming another."""
    try:
        named = yaml.safe_load((into / "district.yaml").read_text(encoding="utf-8"))["grids"]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        return None  # none yet, or one that check-config will explain
    return None if named == "grids.csv" else str(named)


def _written(into: Path, grids: Sequence[Grid]) -> bool:
    try:
        into.mkdir(parents=True, exist_ok=True)
        write_import_format(into, grids)
    except (OSError, ValueError) as error:
        print(f"gongzhi: cannot write into {into}: {error}", file=sys.stderr)
        return False
    print(f"wrote {into / 'grids.csv'} and {into / 'grids.geojson'}", file=sys.stderr)
    return True


def _summary(district: District, loaded: float, built: float, missed: int) -> str:
    leaves = len(district.leaf_grids())
    levels = len({grid.level for grid in district.grids})
    return (
        f"{leaves} leaf grids in {levels} levels ({len(district.grids):,} nodes) loaded in "
        f"{loaded:.1f} s; index built in {built:.1f} s; "
        f"{leaves - missed}/{leaves} lookups answered from the index"
    )


def _print_problems(error: ConfigError, folder: Path) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(f"{len(error.problems)} problem(s) in {folder}", file=sys.stderr)
