"""All problems in both files are reported at once, one per line, never as a crash."""

from pathlib import Path

from gongzhi.district import ConfigError, ConfigProblem
from gongzhi.testing.districts import FIRST_GRID, edit_category, edit_grid, problems_in


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
