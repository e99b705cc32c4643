"""`gongzhi grids synth` writes a district in the import format; `gongzhi grids import` loads
any district's grids, indexes them, looks every leaf grid up, and can adopt them elsewhere."""

import shutil
from pathlib import Path

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gongzhi.cli import main
from gongzhi.district import load_district
from gongzhi.testing.districts import FIRST_GRID, SAMPLE, copy_sample, edit_grid
from routing.synth import LEVELS, branching_for, synthetic_grids


def synth(folder: Path, count: int, seed: int = 1) -> int:
    return main(["grids", "synth", "--count", str(count), "--seed", str(seed), str(folder)])


def test_a_synthetic_district_has_exactly_the_leaf_grids_asked_for_in_five_levels(tmp_path):
    assert synth(tmp_path / "synth", 300) == 0

    district = load_district(tmp_path / "synth")
    leaves = district.leaf_grids()
    assert len(leaves) == 300
    assert {grid.level for grid in leaves} == {LEVELS}
    assert {grid.level for grid in district.grids} == {1, 2, 3, 4, 5}
    assert all(grid.grid_worker is not None for grid in leaves)
    assert (district.timezone, district.grids[0].parent) == ("Asia/Shanghai", None)


def test_synth_then_import_answers_every_leaf_grid_from_the_index(tmp_path, capsys):
    synth(tmp_path / "synth", 300)
    capsys.readouterr()

    assert main(["grids", "import", str(tmp_path / "synth")]) == 0

    summary = capsys.readouterr().out
    assert summary.startswith("300 leaf grids in 5 levels (")
    assert summary.rstrip().endswith("; 300/300 lookups answered from the index")


def test_the_same_seed_writes_the_same_files_and_another_seed_other_polygons(tmp_path):
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        synth(tmp_path / name, 120, seed)

    files = ("district.yaml", "grids.csv", "grids.geojson")
    read = {name: [(tmp_path / name / f).read_bytes() for f in files] for name in "abc"}
    assert read["a"] == read["b"]
    assert read["a"][2] != read["c"][2]


def test_synth_will_not_write_over_a_folder_in_use(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")

    assert synth(tmp_path, 10) == 2
    assert "is not empty" in capsys.readouterr().err


@settings(max_examples=25, deadline=None)
@given(count=st.integers(min_value=1, max_value=1500), seed=st.integers(0, 2**32 - 1))
def test_any_count_gives_that_many_leaves_tiling_without_overlap(count, seed):
    grids = synthetic_grids(count, seed)

    parents = {grid.parent for grid in grids}
    leaves = [grid for grid in grids if grid.code not in parents]
    polygons = [grid.polygon for grid in leaves if grid.polygon is not None]
    assert len(leaves) == len(polygons) == count
    assert all(grid.level == LEVELS and grid.code.startswith(grid.parent or "-") for grid in leaves)
    assert all(polygon.is_valid for polygon in polygons)
    union = shapely.union_all(polygons)
    assert abs(union.area - sum(polygon.area for polygon in polygons)) < 1e-9 * union.area


@given(count=st.integers(min_value=1, max_value=10**8))
def test_the_branching_is_the_smallest_that_holds_the_count(count):
    branching = branching_for(count)

    assert branching ** (LEVELS - 1) >= count
    assert branching == 2 or (branching - 1) ** (LEVELS - 1) < count


def test_import_into_another_folder_adopts_the_tree_in_the_import_format(tmp_path, capsys):
    adopted = tmp_path / "adopted"
    adopted.mkdir()
    text = (SAMPLE / "district.yaml").read_text(encoding="utf-8")
    (adopted / "district.yaml").write_text(text.replace("grids: grids.geojson", "grids: grids.csv"))
    shutil.copytree(SAMPLE / "templates", adopted / "templates")  # notify's, named in the yaml
    shutil.copy(SAMPLE / "roster.csv", adopted)  # deliberation's, named in the yaml

    assert main(["grids", "import", str(SAMPLE), "--into", str(adopted)]) == 0

    assert load_district(adopted).grids == load_district(SAMPLE).grids
    assert main(["check-config", str(adopted)]) == 0
    assert "72/72 lookups answered from the index" in capsys.readouterr().out


def test_import_will_not_write_over_a_district_whose_grids_are_in_another_file(tmp_path, capsys):
    district_folder = copy_sample(tmp_path)
    before = (district_folder / "grids.geojson").read_bytes()

    assert main(["grids", "import", str(SAMPLE), "--into", str(district_folder)]) == 2

    assert "names grids.geojson, not grids.csv" in capsys.readouterr().err
    assert (district_folder / "grids.geojson").read_bytes() == before
    assert not (district_folder / "grids.csv").exists()


def test_import_prints_every_problem_with_its_place_and_fails(tmp_path, capsys):
    district_folder = copy_sample(tmp_path)

    def orphan(feature):
        feature["properties"]["parent"] = "620502001009"

    feature = edit_grid(district_folder, FIRST_GRID, orphan)

    assert main(["grids", "import", str(district_folder)]) == 1

    out, err = capsys.readouterr()
    assert out == ""
    assert f": {feature}.properties.parent: unknown parent grid '620502001009'\n" in err
    assert err.endswith(f"1 problem(s) in {district_folder}\n")


def test_seed_002s_district_of_15767_grids_imports_in_seconds(tmp_path, capfd):
    """The size of seed 002's district. The progress bar goes to stderr, the summary to stdout."""
    assert synth(tmp_path / "big", 15767) == 0

    assert main(["grids", "import", str(tmp_path / "big")]) == 0

    out, err = capfd.readouterr()
    assert "15767 leaf grids in 5 levels (" in out
    assert "15767/15767 lookups answered from the index" in out
    assert "reading grids: 100%" in err
    assert "reading grids" not in out
