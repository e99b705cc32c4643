"""Intake owns the `intake:` section of district.yaml, and it must be there: a problem in it
is reported with file, line and field."""

from gongzhi.district import load_district
from gongzhi.testing.districts import SAMPLE, copy_sample, line_of, problems_in, where, without
from intake.config import Intake, Platform, intake_of

HOTLINE = Platform("hotline12345", "12345 政务服务便民热线", "/platform/12345")


def test_the_sample_districts_intake_section_is_intakes_to_read():
    intake = intake_of(load_district(SAMPLE))

    assert intake == Intake(
        "xiguan.qinzhou.tianshui.gov.cn",
        intake.emergency_notice,
        50.0,
        120,
        "grid",
        {"hotline12345": HOTLINE},
    )
    assert "110" in intake.emergency_notice
    assert intake.platform_sending("/platform/12345") == HOTLINE
    assert intake.platform_sending("/platform/110") is None


def test_a_platform_id_that_cannot_name_a_queue_is_reported_with_file_line_and_field(tmp_path):
    folder = copy_sample(tmp_path)
    path = folder / "district.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("hotline12345:", "Hotline 12345:"))

    [problem] = problems_in(folder)

    line = line_of(path, "Hotline 12345:")
    assert where(problem) == ("district.yaml", line, "intake.platforms.Hotline 12345.key")
    assert "lowercase letters, digits, - and _, at most 40" in problem.message


def test_two_platforms_that_publish_as_one_source_are_refused(tmp_path):
    folder = copy_sample(tmp_path)
    path = folder / "district.yaml"
    second = "    police110:\n      name: 110 警情平台\n      source: /platform/12345\n"
    text = path.read_text(encoding="utf-8")
    at = text.index("      source: /platform/12345\n") + len("      source: /platform/12345\n")
    path.write_text(text[:at] + second + text[at:])

    [problem] = problems_in(folder)

    assert problem.field == "intake.platforms"
    assert problem.message == "two platforms publish as /platform/12345"


def test_a_negative_merge_radius_is_reported_with_file_line_and_field(tmp_path):
    folder = copy_sample(tmp_path)
    path = folder / "district.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("merge_radius_m: 50", "merge_radius_m: -5")
    )

    [problem] = problems_in(folder)

    line = line_of(path, "merge_radius_m: -5")
    assert where(problem) == ("district.yaml", line, "intake.merge_radius_m")
    assert problem.message == "Must be greater than or equal to 0."


def test_a_district_without_an_intake_section_is_refused(tmp_path):
    folder = copy_sample(tmp_path)
    without(folder, "intake:\n", "\ncategories:")

    [problem] = problems_in(folder)

    assert (problem.field, problem.message) == ("intake", "Missing data for required field.")


def test_a_public_location_other_than_grid_or_rounded_is_reported(tmp_path):
    folder = copy_sample(tmp_path)
    path = folder / "district.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("public_location: grid", "public_location: exact"))

    [problem] = problems_in(folder)

    line = line_of(path, "public_location: exact")
    assert where(problem) == ("district.yaml", line, "intake.public_location")
    assert problem.message == "Must be one of: grid, rounded."
