"""Routing owns the `sla:` and `routing:` sections of district.yaml: a problem in either is
reported with file, line and field, as any problem in the district's configuration is."""

import subprocess

from gongzhi.district import load_district
from gongzhi.testing.districts import SAMPLE, copy_sample, line_of, problems_in, where
from gongzhi.testing.processes import GONGZHI
from routing.config import RoutingPolicy, SlaPolicy, routing_of, sla_of


def test_the_sample_districts_sections_are_routings_to_read():
    district = load_district(SAMPLE)

    assert sla_of(district).clocks("complex")["resolution"].yellow_share == 0.8
    assert routing_of(district).route("heating-pipe").owner("street") == "department:housing"


def test_sections_left_out_are_the_seeds_numbers(tmp_path):
    folder = copy_sample(tmp_path)
    path = folder / "district.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nsla:")] + "\n", encoding="utf-8")

    district = load_district(folder)

    assert sla_of(district) == SlaPolicy()
    assert routing_of(district) == RoutingPolicy()


def test_check_config_names_file_line_and_field_of_a_bad_sla_duration(tmp_path):
    folder = copy_sample(tmp_path)
    path = folder / "district.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("within: 5d", "within: 5 days"))

    result = subprocess.run([GONGZHI, "check-config", str(folder)], capture_output=True, text=True)

    assert result.returncode == 1
    [problem, count] = result.stderr.splitlines()
    place, field, message = problem.split(": ", 2)
    # marshmallow names a value of a mapping `<key>.value`: the line is the class's
    assert place == f"{path}:{line_of(path, 'ordinary:')}"
    assert field.startswith("sla.classes.ordinary.")
    assert field.endswith(".reply.within")
    assert message == "'5 days' is not a duration like 90m, 4h or 5d"
    assert count == f"1 problem(s) in {folder}"


def test_a_route_for_an_unknown_category_is_reported_on_its_line(tmp_path):
    folder = copy_sample(tmp_path)
    path = folder / "district.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- category: heating-pipe", "- category: heating-pipes"))

    [problem] = problems_in(folder)

    line = line_of(path, "- category: heating-pipes")
    assert where(problem) == ("district.yaml", line, "routing.table[3].category")
    assert problem.message == "unknown category 'heating-pipes'"
