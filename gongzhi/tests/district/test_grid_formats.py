"""The same grid tree in GeoJSON, the CSV import format and YAML: loaded alike, and each
problem with the tree reported at the file, line and field where that format keeps it."""

import pytest
import shapely

from gongzhi.district import Grid, RosterMember, check_config, load_district
from gongzhi.testing.districts import FIRST_COMMUNITY, FIRST_GRID, problems_in, where

from .trees import FORMATS, changed, field_of, polygon_of, sample_grids, write_tree

SECOND_GRID = "620502001001002"  # east of the first, sharing its edge


@pytest.fixture(params=FORMATS)
def form(request) -> str:
    return request.param


@pytest.fixture
def written(district_folder, form):
    """Write a tree in the format and return the problems loading it gives, with a function
    giving where a problem with a grid's field is expected."""

    def written(grids: list[Grid]):
        write_tree(district_folder, grids, form)
        problems = problems_in(district_folder)
        return problems, lambda code, field: field_of(district_folder, form, grids, code, field)

    return written


def test_every_format_loads_the_same_tree(district_folder, form):
    write_tree(district_folder, sample_grids(), form)

    district = load_district(district_folder)

    assert list(district.grids) == sample_grids()
    assert check_config(district_folder).endswith("72 leaf grids, 13 categories, 79 workers: OK")


def test_an_unknown_parent_is_reported_where_the_parent_is_written(written):
    problems, field = written(changed(sample_grids(), FIRST_GRID, parent="620502001009"))

    [problem] = problems
    assert where(problem) == field(FIRST_GRID, "parent")
    assert problem.message == "unknown parent grid '620502001009'"


def test_a_parent_two_levels_up_is_reported(written):
    problems, field = written(changed(sample_grids(), FIRST_GRID, parent="620502001"))

    [problem] = problems
    assert where(problem) == field(FIRST_GRID, "parent")
    assert problem.message == "parent grid '620502001' is level 1, not 2"


def test_a_code_that_does_not_start_with_its_parents_is_reported(written):
    problems, field = written(changed(sample_grids(), FIRST_GRID, code="620502001002099"))

    [problem] = problems
    assert where(problem) == field("620502001002099", "parent")
    assert problem.message == "a grid's code must start with its parent grid's code '620502001001'"


def test_a_sixth_level_is_reported_on_its_level(written):
    grids = sample_grids()
    first = grids[[grid.code for grid in grids].index(FIRST_GRID)]
    chain = [
        Grid(f"{FIRST_GRID}01", "楼栋", 4, FIRST_GRID, None, ()),
        Grid(f"{FIRST_GRID}0101", "单元", 5, f"{FIRST_GRID}01", None, ()),
        Grid(f"{FIRST_GRID}010101", "户", 6, f"{FIRST_GRID}0101", first.polygon, first.roster),
    ]
    problems, field = written([*changed(grids, FIRST_GRID, polygon=None), *chain])

    [problem] = problems
    assert where(problem) == field(f"{FIRST_GRID}010101", "level")
    assert problem.message == "level 6 is deeper than the 5 levels a tree may have"


def test_a_repeated_code_is_reported_at_the_second_grid(written):
    problems, field = written(changed(sample_grids(), SECOND_GRID, code=FIRST_GRID))

    [problem] = [p for p in problems if p.message.startswith("duplicate grid code")]
    assert where(problem) == field(FIRST_GRID, "code")
    assert problem.message.startswith(f"duplicate grid code '{FIRST_GRID}', first at ")


def test_a_leaf_grid_without_a_polygon_is_reported(written, form):
    problems, field = written(changed(sample_grids(), FIRST_GRID, polygon=None))

    [problem] = problems
    if form == "csv":  # no feature to point at: its row
        assert where(problem) == field(FIRST_GRID, "code")
    else:
        assert where(problem) == field(FIRST_GRID, "polygon")
    assert problem.message.startswith("a leaf grid needs a polygon")


def test_a_leaf_grid_without_a_grid_worker_is_reported(written):
    police_only = (RosterMember("gp-1", "grid_police"),)
    problems, field = written(changed(sample_grids(), FIRST_GRID, roster=police_only))

    [problem] = problems
    assert where(problem) == field(FIRST_GRID, "roster")
    assert problem.message == "a leaf grid needs a roster member with role grid_worker"


def test_leaf_grids_that_overlap_are_reported_on_the_later_one(written):
    grids = sample_grids()
    first, second = polygon_of(grids, FIRST_GRID), polygon_of(grids, SECOND_GRID)
    west, south, _, north = first.bounds
    half_way_into_second = (second.bounds[0] + second.bounds[2]) / 2
    wider = shapely.box(west, south, half_way_into_second, north)

    problems, field = written(changed(grids, FIRST_GRID, polygon=wider))

    [problem] = problems
    assert where(problem) == field(SECOND_GRID, "polygon")
    assert problem.message.startswith(f"overlaps grid '{FIRST_GRID}' by ")
    assert problem.message.endswith(" m²")


def test_a_sliver_under_a_square_metre_is_not_an_overlap(district_folder, form):
    grids = sample_grids()
    west, south, east, north = polygon_of(grids, FIRST_GRID).bounds
    a_millimetre_over = shapely.box(west, south, east + 1e-8, north)  # ~0.3 m² into the second
    write_tree(district_folder, changed(grids, FIRST_GRID, polygon=a_millimetre_over), form)

    assert load_district(district_folder).grid(FIRST_GRID).polygon == a_millimetre_over


def test_a_broken_community_is_reported_once_not_again_by_its_grids(written):
    nameless = changed(sample_grids(), FIRST_COMMUNITY, name="")

    problems, field = written(nameless)

    [problem] = problems
    assert where(problem) == field(FIRST_COMMUNITY, "name")
