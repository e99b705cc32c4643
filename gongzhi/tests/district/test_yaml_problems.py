"""Problems in district.yaml are reported with file, line and field."""

from gongzhi.testing.districts import edit_category, line_of, problems_in, where


def test_category_with_unknown_tier_is_reported_with_file_line_and_field(district_folder):
    category, line = edit_category(district_folder, "blocked-sewer", "tier: grid", "tier: planet")

    [problem] = problems_in(district_folder)

    assert where(problem) == ("district.yaml", line, f"{category}.tier")
    assert "grid, community, street, district" in problem.message


def test_duplicate_category_code_is_reported_at_the_second_one(district_folder):
    category, line = edit_category(
        district_folder, "blocked-sewer", "code: blocked-sewer", "code: disorderly-parking"
    )

    # The sections that name categories may report what follows from it (a message about the
    # sample's blocked sewer, now without a name); the duplicate is the one about categories.
    [problem] = [p for p in problems_in(district_folder) if p.field.startswith("categories")]

    assert where(problem) == ("district.yaml", line, f"{category}.code")
    assert "duplicate category code 'disorderly-parking'" in problem.message


def test_unknown_key_is_rejected_and_named(district_folder):
    path = district_folder / "district.yaml"
    path.write_text(path.read_text() + "sla_policy:\n  ordinary: 5\n")
    category, line = edit_category(
        district_folder, "heating-pipe", "tier:", "colour: red\n    tier:"
    )

    unknown_field, unowned_section = problems_in(district_folder)

    assert where(unknown_field) == ("district.yaml", line, f"{category}.colour")
    assert unknown_field.message == "Unknown field."
    assert where(unowned_section) == ("district.yaml", line_of(path, "sla_policy:"), "sla_policy")
    assert unowned_section.message.startswith("no installed service owns this section")


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
