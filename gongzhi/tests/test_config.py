"""District configuration: the sample district loads; broken copies name file, line and field."""

import dataclasses
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import shapely
import yaml

from gongzhi.district import ConfigError, ConfigProblem, check_config, load_district

SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "districts" / "xiguan"
FIRST_GRID = "620502001001001"
FIRST_COMMUNITY = "620502001001"
TWISTED = [[105.70, 34.58], [105.71, 34.59], [105.71, 34.58], [105.70, 34.59], [105.70, 34.58]]
BOW_TIE = {"type": "Polygon", "coordinates": [TWISTED]}  # a ring that crosses itself


@pytest.fixture
def district_folder(tmp_path: Path) -> Path:
    """A copy of the sample district, for a test to break."""
    folder = tmp_path / "xiguan"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def problems_in(folder: Path) -> list[ConfigProblem]:
    with pytest.raises(ConfigError) as caught:
        load_district(folder)
    return caught.value.problems


def where(problem: ConfigProblem) -> tuple[str, int | None, str]:
    return Path(problem.file).name, problem.line, problem.field


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    numbers = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    return numbers[occurrence - 1]


def edit_category(folder: Path, code: str, old: str, new: str) -> tuple[str, int]:
    """Replace `old` with `new` in category `code`; its index and the edited line."""
    path = folder / "district.yaml"
    text = path.read_text()
    start = text.index(old, text.index(f"code: {code}"))
    path.write_text(text[:start] + new + text[start + len(old) :])
    categories = yaml.safe_load(text)["categories"]
    codes = [category["code"] for category in categories]
    return f"categories[{codes.index(code)}]", text[:start].count("\n") + 1


def edit_grid(folder: Path, code: str, change: Callable[[dict], None]) -> str:
    """Apply `change` to the feature of grid `code` and rewrite the file; the feature's path."""
    path = folder / "grids.geojson"
    collection = json.loads(path.read_text())
    codes = [feature["properties"]["code"] for feature in collection["features"]]
    change(collection["features"][codes.index(code)])
    path.write_text(json.dumps(collection, ensure_ascii=False, indent=2))
    return f"features[{codes.index(code)}]"


# The sample district


def test_sample_district_has_the_seed_grid_tree_of_1_6_and_72_grids():
    district = load_district(SAMPLE)

    levels = [grid.level for grid in district.grids]
    assert district.code == "620502001"
    assert district.name == "西关街道"
    assert district.timezone == "Asia/Shanghai"
    assert [levels.count(level) for level in (1, 2, 3)] == [1, 6, 72]
    assert {grid.level for grid in district.leaf_grids()} == {3}


def test_check_config_summarises_the_sample_district():
    assert check_config(SAMPLE) == (
        "xiguan (西关街道): 79 grids in 3 levels, 72 leaf grids, 11 categories, 79 workers: OK"
    )


def test_every_leaf_grid_has_its_own_grid_worker():
    district = load_district(SAMPLE)

    leaves = district.leaf_grids()
    workers = {grid.code: grid.grid_worker.id for grid in leaves if grid.grid_worker}
    assert workers == {grid.code: f"gw-{grid.code}" for grid in leaves}
    assert district.grid("620502001").grid_worker is None


def test_an_upper_level_grid_covers_exactly_its_children():
    district = load_district(SAMPLE)

    for grid in district.grids:
        children = [child.polygon for child in district.grids if child.parent == grid.code]
        if children:
            assert grid.polygon is not None
            assert grid.polygon.equals(shapely.unary_union(children)), grid.code


def test_grids_and_categories_are_looked_up_by_code():
    district = load_district(SAMPLE)

    assert district.grid(FIRST_GRID).parent == FIRST_COMMUNITY
    assert district.category("dangerous-house").tier == "street"
    assert district.category("property-dispute").category_class == "complex"
    with pytest.raises(KeyError):
        district.grid("620502001009001")


def test_a_loaded_district_cannot_be_changed():
    district = load_district(SAMPLE)

    with pytest.raises(dataclasses.FrozenInstanceError):
        district.grid(FIRST_GRID).parent = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        district.categories["blocked-sewer"] = None  # type: ignore[index]


# Problems in district.yaml


def test_category_with_unknown_tier_is_reported_with_file_line_and_field(district_folder):
    category, line = edit_category(district_folder, "blocked-sewer", "tier: grid", "tier: planet")

    [problem] = problems_in(district_folder)

    assert where(problem) == ("district.yaml", line, f"{category}.tier")
    assert "grid, community, street, district" in problem.message


def test_duplicate_category_code_is_reported_at_the_second_one(district_folder):
    category, line = edit_category(
        district_folder, "blocked-sewer", "code: blocked-sewer", "code: disorderly-parking"
    )

    [problem] = problems_in(district_folder)

    assert where(problem) == ("district.yaml", line, f"{category}.code")
    assert "duplicate category code 'disorderly-parking'" in problem.message


def test_unknown_key_is_rejected_and_named(district_folder):
    path = district_folder / "district.yaml"
    path.write_text(path.read_text() + "sla_policy:\n  ordinary: 5\n")
    category, line = edit_category(
        district_folder, "heating-pipe", "tier:", "colour: red\n    tier:"
    )

    problems = problems_in(district_folder)

    assert [where(problem) for problem in problems] == [
        ("district.yaml", line, f"{category}.colour"),
        ("district.yaml", line_of(path, "sla_policy:"), "sla_policy"),
    ]
    assert all(problem.message == "Unknown field." for problem in problems)


def test_yaml_syntax_error_is_reported_with_its_line(district_folder):
    _, line = edit_category(district_folder, "blocked-sewer", "    tier: grid", "   tier: grid")

    [problem] = problems_in(district_folder)

    assert where(problem) == ("district.yaml", line, "")
    assert problem.message.startswith("YAML syntax: ")


def test_missing_district_yaml_is_reported(district_folder):
    (district_folder / "district.yaml").unlink()

    [problem] = problems_in(district_folder)

    assert where(problem) == ("district.yaml", None, "")
    assert "cannot read" in problem.message


def test_missing_grid_file_is_reported_against_the_grids_key(district_folder):
    (district_folder / "grids.geojson").unlink()

    [problem] = problems_in(district_folder)

    line = line_of(district_folder / "district.yaml", "grids: grids.geojson")
    assert where(problem) == ("district.yaml", line, "grids")
    assert "'grids.geojson' not found" in problem.message


# Problems in the grid GeoJSON


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


# All at once


def test_several_problems_in_both_files_are_all_reported_at_once(district_folder):
    category, _ = edit_category(district_folder, "blocked-sewer", "tier: grid", "tier: x")
    path = district_folder / "district.yaml"
    path.write_text(path.read_text().replace("Asia/Shanghai", "Asia/Xiguan"))

    def orphan_without_worker(feature):
        feature["properties"].update(parent="620502001009", roster=[])

    feature = edit_grid(district_folder, FIRST_GRID, orphan_without_worker)

    problems = problems_in(district_folder)

    assert {(Path(p.file).name, p.field) for p in problems} == {
        ("district.yaml", "timezone"),
        ("district.yaml", f"{category}.tier"),
        ("grids.geojson", f"{feature}.properties.parent"),
        ("grids.geojson", f"{feature}.properties.roster"),
    }
    assert all(problem.line for problem in problems)


def test_config_error_lists_one_problem_per_line():
    problems = [
        ConfigProblem("xiguan/district.yaml", 16, "categories[0].tier", "Must be one of: grid."),
        ConfigProblem("xiguan/district.yaml", None, "", "cannot read"),
    ]

    assert str(ConfigError(problems)) == (
        "xiguan/district.yaml:16: categories[0].tier: Must be one of: grid.\n"
        "xiguan/district.yaml: cannot read"
    )


def test_values_of_the_wrong_type_are_reported_not_crashed_on(district_folder):
    category, _ = edit_category(
        district_folder, "blocked-sewer", "code: blocked-sewer", "code: [blocked, sewer]"
    )

    def listed_code(feature):
        feature["properties"]["code"] = [FIRST_GRID]

    feature = edit_grid(district_folder, FIRST_GRID, listed_code)

    problems = problems_in(district_folder)

    assert [problem.field for problem in problems] == [
        f"{category}.code",
        f"{feature}.properties.code",
    ]
    assert all(problem.message == "Not a valid string." for problem in problems)
