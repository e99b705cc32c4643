"""Problems peculiar to each format: bad CSV rows and cells, bad features in the polygons'
GeoJSON, bad YAML entries, and a grid file of no known format."""

import csv
import io
import json
from pathlib import Path

import pytest

from gongzhi.district import RosterMember, load_district
from gongzhi.testing.districts import FIRST_COMMUNITY, FIRST_GRID, line_of, problems_in, where

from .test_grid_problems import BOW_TIE
from .trees import changed, sample_grids, write_tree

ROW = 2 + [grid.code for grid in sample_grids()].index(FIRST_GRID)  # after the header
FEATURE = [grid.code for grid in sample_grids() if grid.polygon].index(FIRST_GRID)


@pytest.fixture
def csv_folder(district_folder: Path) -> Path:
    write_tree(district_folder, sample_grids(), "csv")
    return district_folder


def edit_cell(folder: Path, code: str, column: str, value: str) -> None:
    path = folder / "grids.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    row = next(row for row in rows if row[0] == code)
    row[rows[0].index(column)] = value
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\n").writerows(rows)
    path.write_text(text.getvalue(), encoding="utf-8")


def edit_feature(folder: Path, index: int, change) -> None:
    """Apply `change` to feature `index` of the polygons' GeoJSON, keeping a feature a line."""
    path = folder / "grids.geojson"
    lines = path.read_text(encoding="utf-8").split("\n")
    feature = json.loads(lines[index + 1].rstrip(","))
    change(feature)
    comma = "," if lines[index + 1].endswith(",") else ""
    lines[index + 1] = json.dumps(feature, ensure_ascii=False) + comma
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_level_that_is_not_a_number_is_reported_at_its_row_and_column(csv_folder):
    edit_cell(csv_folder, FIRST_GRID, "level", "three")

    [problem] = problems_in(csv_folder)

    assert where(problem) == ("grids.csv", ROW, "level")
    assert problem.message == "must be a whole number from 1, not 'three'"


def test_roster_items_with_an_unknown_role_or_no_role_are_reported(csv_folder):
    edit_cell(csv_folder, FIRST_GRID, "roster", "grid_worker:gw-1;mayor:m-1;gp-2")

    problems = problems_in(csv_folder)

    assert [where(problem) for problem in problems] == [("grids.csv", ROW, "roster")] * 2
    assert problems[0].message.startswith("item 2: unknown role 'mayor', one of: grid_worker, ")
    assert problems[1].message == "item 3 'gp-2' is not role:id"


def test_codes_and_names_are_checked(csv_folder):
    edit_cell(csv_folder, FIRST_GRID, "code", "62O502001001001")  # a letter O
    edit_cell(csv_folder, FIRST_COMMUNITY, "name", " ")

    problems = problems_in(csv_folder)

    assert [(where(problem), problem.message) for problem in problems] == [
        (("grids.csv", ROW - 1, "name"), "must not be empty"),
        (("grids.csv", ROW, "code"), "must be an administrative code: digits"),
        (
            ("grids.geojson", FEATURE + 2, f"features[{FEATURE}].properties.code"),
            f"no grid '{FIRST_GRID}' in grids.csv",  # its polygon, orphaned
        ),
    ]


def test_a_row_with_a_cell_too_many_is_reported(csv_folder):
    path = csv_folder / "grids.csv"
    path.write_text(path.read_text().replace(f"\n{FIRST_GRID},", f"\n{FIRST_GRID},extra,"))

    [problem] = problems_in(csv_folder)

    assert where(problem) == ("grids.csv", ROW, "")
    assert (
        problem.message == "6 cells, not one for each of the columns code,name,level,parent,roster"
    )


def test_a_header_that_is_not_the_five_columns_is_reported_on_line_1(csv_folder):
    path = csv_folder / "grids.csv"
    path.write_text(path.read_text().replace("code,name,", "id,name,", 1))

    problems = problems_in(csv_folder)

    assert where(problems[0]) == ("grids.csv", 1, "")
    assert problems[0].message.startswith("the first row must name the columns code,name,")


def test_a_spreadsheet_export_with_a_bom_and_a_cell_over_two_lines_loads_and_counts_lines(
    district_folder,
):
    grids = changed(sample_grids(), FIRST_COMMUNITY, name="西关第一社区\n(老城)")
    write_tree(district_folder, grids, "csv")
    path = district_folder / "grids.csv"
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")

    assert load_district(district_folder).grid(FIRST_COMMUNITY).name == "西关第一社区\n(老城)"

    edit_cell(district_folder, FIRST_GRID, "level", "0")
    [problem] = problems_in(district_folder)
    assert where(problem) == ("grids.csv", ROW + 1, "level")  # the row starts a line later


def test_an_invalid_polygon_is_reported_at_its_feature_with_shapelys_reason(csv_folder):
    edit_feature(csv_folder, FEATURE, lambda feature: feature.update(geometry=BOW_TIE))

    [problem] = problems_in(csv_folder)

    assert where(problem) == ("grids.geojson", FEATURE + 2, f"features[{FEATURE}].geometry")
    assert problem.message.startswith("invalid polygon: Self-intersection")


def test_a_feature_for_no_grid_and_a_second_feature_for_a_grid_are_reported(csv_folder):
    edit_feature(csv_folder, 0, lambda feature: feature["properties"].update(code="620502009"))
    edit_feature(csv_folder, 3, lambda feature: feature["properties"].update(code=FIRST_GRID))

    problems = problems_in(csv_folder)

    assert [where(problem) for problem in problems] == [
        ("grids.geojson", 2, "features[0].properties.code"),
        ("grids.geojson", 5, "features[3].properties.code"),
        ("grids.csv", ROW + 1, "code"),  # the second grid, whose feature it was
    ]
    assert problems[0].message == "no grid '620502009' in grids.csv"
    assert problems[1].message.startswith(f"a second feature for grid '{FIRST_GRID}', the first")
    assert problems[2].message.startswith("a leaf grid needs a polygon")


def test_a_feature_holds_only_the_grids_code(csv_folder):
    edit_feature(csv_folder, FEATURE, lambda feature: feature["properties"].update(level=3))

    [problem] = problems_in(csv_folder)

    assert where(problem) == ("grids.geojson", FEATURE + 2, f"features[{FEATURE}].properties.level")


def test_the_polygons_geojson_must_be_beside_the_csv(csv_folder):
    (csv_folder / "grids.geojson").unlink()

    problems = problems_in(csv_folder)

    assert Path(problems[0].file).name == "grids.geojson"
    assert problems[0].message.startswith("cannot read: ")


def test_a_yaml_grid_with_a_twisted_polygon_or_a_quoted_level_is_reported(district_folder):
    police = (RosterMember("gp-1", "grid_police"), RosterMember("gw-1", "grid_worker"))
    write_tree(district_folder, changed(sample_grids(), FIRST_GRID, roster=police), "yaml")
    path = district_folder / "grids.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"code: '{FIRST_GRID}'")
    text = text[:start] + text[start:].replace("level: 3", "level: '3'", 1)
    polygon = text.index("polygon:", start)
    end = text.index("\n- code:", polygon)
    path.write_text(text[:polygon] + f"polygon: {json.dumps(BOW_TIE)}" + text[end:])
    index = [grid.code for grid in sample_grids()].index(FIRST_GRID)

    problems = problems_in(district_folder)

    assert [where(problem) for problem in problems] == [
        ("grids.yaml", line_of(path, "level: '3'"), f"grids[{index}].level"),
        ("grids.yaml", line_of(path, "polygon: {"), f"grids[{index}].polygon"),
    ]
    assert problems[0].message == "Not a valid integer."
    assert problems[1].message.startswith("invalid polygon: Self-intersection")


def test_a_grid_file_of_no_known_format_is_reported_in_district_yaml(district_folder):
    path = district_folder / "district.yaml"
    path.write_text(path.read_text().replace("grids: grids.geojson", "grids: grids.shp"))

    [problem] = problems_in(district_folder)

    assert where(problem) == ("district.yaml", line_of(path, "grids: grids.shp"), "grids")
    assert problem.message == "a grid file ends in .geojson, .csv, .yaml"
