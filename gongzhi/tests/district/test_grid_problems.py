"""Problems in the grid GeoJSON: the grid tree, polygons and rosters."""

from gongzhi.testing.districts import (
    FIRST_COMMUNITY,
    FIRST_GRID,
    edit_grid,
    line_of,
    problems_in,
    where,
)

TWISTED = [[105.70, 34.58], [105.71, 34.59], [105.71, 34.58], [105.70, 34.59], [105.70, 34.58]]
BOW_TIE = {"type": "Polygon", "coordinates": [TWISTED]}  # a ring that crosses itself


def test_unknown_parent_grid_is_reported_with_file_and_line(district_folder):
    def orphan(feature):
        feature["properties"]["parent"] = "620502001009"

    feature = edit_grid(district_folder, FIRST_GRID, orphan)

    [problem] = problems_in(district_folder)

    line = line_of(district_folder / "grids.geojson", '"parent": "620502001009"')
    assert where(problem) == ("grids.geojson", line, f"{feature}.properties.parent")
    assert problem.message == "unknown parent grid '620502001009'"


def test_parent_grid_must_be_one_level_up(district_folder):
    def skip_a_level(feature):
        feature["properties"]["parent"] = "620502001"

    feature = edit_grid(district_folder, FIRST_GRID, skip_a_level)

    [problem] = problems_in(district_folder)

    assert problem.field == f"{feature}.properties.parent"
    assert problem.message == "parent grid '620502001' is level 1, not 2"


def test_duplicate_grid_code_is_reported_at_the_second_grid(district_folder):
    def copy_first_grid(feature):
        feature["properties"]["code"] = FIRST_GRID

    feature = edit_grid(district_folder, "620502001001002", copy_first_grid)

    [problem] = problems_in(district_folder)

    line = line_of(district_folder / "grids.geojson", f'"code": "{FIRST_GRID}"', occurrence=2)
    assert where(problem) == ("grids.geojson", line, f"{feature}.properties.code")
    assert problem.message.startswith(f"duplicate grid code '{FIRST_GRID}', first at features[")


def test_self_intersecting_grid_polygon_is_reported(district_folder):
    def twist(feature):
        feature["geometry"] = BOW_TIE

    feature = edit_grid(district_folder, FIRST_GRID, twist)

    [problem] = problems_in(district_folder)

    index = int(feature.removeprefix("features[").removesuffix("]"))
    line = line_of(district_folder / "grids.geojson", '"geometry"', occurrence=index + 1)
    assert where(problem) == ("grids.geojson", line, f"{feature}.geometry")
    assert problem.message.startswith("invalid polygon: Self-intersection")


def test_grid_must_be_a_polygon_not_a_point(district_folder):
    def pin(feature):
        feature["geometry"] = {"type": "Point", "coordinates": [105.71, 34.58]}

    feature = edit_grid(district_folder, FIRST_GRID, pin)

    [problem] = problems_in(district_folder)

    assert problem.field == f"{feature}.geometry"
    assert problem.message == "must be a Polygon or MultiPolygon, not Point"


def test_leaf_grid_without_polygon_is_reported(district_folder):
    def erase(feature):
        feature["geometry"] = None

    feature = edit_grid(district_folder, FIRST_GRID, erase)

    [problem] = problems_in(district_folder)

    assert (problem.field, problem.message) == (
        f"{feature}.geometry",
        "a leaf grid needs a polygon",
    )


def test_leaf_grid_without_grid_worker_is_reported(district_folder):
    def police_only(feature):
        feature["properties"]["roster"] = [{"id": "gp-1", "role": "grid_police"}]

    feature = edit_grid(district_folder, FIRST_GRID, police_only)

    [problem] = problems_in(district_folder)

    line = line_of(district_folder / "grids.geojson", '"id": "gp-1"') - 2
    assert where(problem) == ("grids.geojson", line, f"{feature}.properties.roster")
    assert problem.message == "a leaf grid needs a roster member with role grid_worker"


def test_a_broken_community_grid_does_not_orphan_its_grids(district_folder):
    def unknown_role(feature):
        feature["properties"]["roster"][0]["role"] = "mayor"

    feature = edit_grid(district_folder, FIRST_COMMUNITY, unknown_role)

    [problem] = problems_in(district_folder)

    assert problem.field == f"{feature}.properties.roster[0].role"


def test_grid_file_that_is_not_json_is_reported_with_its_line(district_folder):
    path = district_folder / "grids.geojson"
    path.write_text(path.read_text().replace('"level": 3,', '"level": 3', 1))

    [problem] = problems_in(district_folder)

    assert where(problem) == ("grids.geojson", line_of(path, '"parent"', occurrence=3), "")
