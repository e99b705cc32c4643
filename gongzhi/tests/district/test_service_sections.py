"""Each installed service owns its sections of district.yaml: the core validates the shared
part, hands each section to its owner's schema and check, and names a section no one owns."""

import subprocess
import types
from pathlib import Path

import marshmallow as ma
import pytest

from gongzhi import plugins
from gongzhi.district import District, Section, load_district
from gongzhi.plugins import Plugin
from gongzhi.testing.districts import FIRST_GRID, edit_grid, line_of, problems_in, where
from gongzhi.testing.processes import GONGZHI


class PaceSchema(ma.Schema):
    per_day = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1))
    favourites = ma.fields.List(ma.fields.String(), load_default=list)


def favourites_are_categories(pace: dict, district: District) -> list[tuple[str, str]]:
    return [
        (f"favourites[{index}]", f"unknown category {code!r}")
        for index, code in enumerate(pace["favourites"])
        if code not in district.categories
    ]


def owning(**sections: Section) -> dict[str, Plugin]:
    """The installed services and one more, `pacer`, owning `sections`."""
    pacer = Plugin(
        name="pacer",
        port=9999,
        service=lambda: object,
        events=types.ModuleType("pacer_events"),
        migrations=Path("."),
        config=sections,
    )
    return {**plugins.installed(), "pacer": pacer}


def append(folder: Path, text: str) -> Path:
    path = folder / "district.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


def test_check_config_names_a_section_no_installed_service_owns_and_the_installed_ones(
    district_folder,
):
    path = append(district_folder, "deliberation_rules:\n  quorum: 3\n")

    result = subprocess.run(
        [GONGZHI, "check-config", str(district_folder)], capture_output=True, text=True
    )

    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    line = line_of(path, "deliberation_rules:")
    assert first.startswith(f"{path}:{line}: deliberation_rules: no installed service owns")
    assert f"(installed: {', '.join(plugins.names())})" in first
    assert result.stderr.endswith(f"1 problem(s) in {district_folder}\n")


def test_a_section_is_loaded_by_its_owners_schema_and_read_by_its_key(district_folder):
    append(district_folder, "pace:\n  per_day: 3\n")

    district = load_district(district_folder, plugins=owning(pace=Section(PaceSchema)))

    assert district.section("pace") == {"per_day": 3, "favourites": []}


def test_a_section_left_out_takes_its_default_unless_it_is_required(district_folder):
    optional = owning(pace=Section(PaceSchema, default={"per_day": 1}))
    assert load_district(district_folder, plugins=optional).section("pace") == {"per_day": 1}

    [problem] = problems_in(district_folder, plugins=owning(pace=Section(PaceSchema)))

    assert (problem.field, problem.message) == ("pace", "Missing data for required field.")


def test_a_bad_section_is_reported_with_file_line_and_field_inside_the_section(district_folder):
    path = append(district_folder, "pace:\n  per_day: 0\n")

    [problem] = problems_in(district_folder, plugins=owning(pace=Section(PaceSchema)))

    assert where(problem) == ("district.yaml", line_of(path, "per_day: 0"), "pace.per_day")


def test_a_sections_check_against_the_shared_part_names_the_field(district_folder):
    path = append(district_folder, "pace:\n  per_day: 2\n  favourites: [blocked-sewer, bowls]\n")
    checked = owning(pace=Section(PaceSchema, check=favourites_are_categories))

    [problem] = problems_in(district_folder, plugins=checked)

    assert where(problem) == ("district.yaml", line_of(path, "favourites:"), "pace.favourites[1]")
    assert problem.message == "unknown category 'bowls'"


def test_a_section_is_checked_only_once_the_shared_part_is_sound(district_folder):
    append(district_folder, "pace:\n  per_day: 2\n  favourites: [bowls]\n")
    checked = owning(pace=Section(PaceSchema, check=favourites_are_categories))
    feature = edit_grid(district_folder, FIRST_GRID, lambda grid: grid["properties"].pop("name"))

    [problem] = problems_in(district_folder, plugins=checked)

    assert problem.field == f"{feature}.properties.name"
    edit_grid(district_folder, FIRST_GRID, lambda grid: grid["properties"].update(name="一"))
    [problem] = problems_in(district_folder, plugins=checked)
    assert (problem.field, problem.message) == ("pace.favourites[0]", "unknown category 'bowls'")


def test_a_section_owned_twice_is_refused(district_folder):
    with pytest.raises(ValueError, match=r"pacer and the core both own district\.yaml's 'code'"):
        load_district(district_folder, plugins=owning(code=Section(PaceSchema)))
