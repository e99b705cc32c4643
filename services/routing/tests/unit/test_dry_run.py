"""`gongzhi route`: the dry run ops use to try a policy before shipping it."""

import json
import shutil

import pytest

from gongzhi.cli import main

from .conftest import SAMPLE_DISTRICT

GRID_POINT = ("--lat", "34.5883", "--long", "105.7016")  # 西关第一社区第1网格


def route(capsys, *args: str, district=SAMPLE_DISTRICT) -> tuple[int, dict | None, str]:
    code = main(["route", "--district", str(district), *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 else None, err


def test_a_five_working_day_matter_reported_before_national_day_is_due_on_13_october(capsys):
    args = ("--category", "blocked-sewer", *GRID_POINT, "--at", "2026-09-30T10:00+08:00")
    code, decided, _ = route(capsys, *args)
    assert code == 0
    assert decided["grid"]["code"] == "620502001001001"
    assert (decided["tier"], decided["owner"]["kind"]) == ("grid", "grid_worker")
    reply = decided["clocks"]["reply"]
    assert reply == {
        "deadline": "2026-10-13T10:00:00+08:00",
        "yellow_at": "2026-10-13T10:00:00+08:00",
        "red_at": "2026-10-27T10:00:00+08:00",
        "calendar": "working",
    }
    response = decided["clocks"]["response"]
    assert (response["deadline"], response["calendar"]) == ("2026-09-30T14:00:00+08:00", "natural")
    assert set(decided["clocks"]) == {"response", "reply", "resolution"}


def test_a_time_without_an_offset_is_the_districts_local_time(capsys):
    args = ("--category", "blocked-sewer", *GRID_POINT, "--at", "2026-09-30T10:00")
    assert route(capsys, *args)[1]["clocks"]["reply"]["deadline"] == "2026-10-13T10:00:00+08:00"


def district_with(tmp_path, old: str, new: str):
    district = tmp_path / "xiguan"
    shutil.copytree(SAMPLE_DISTRICT, district)
    config = district / "district.yaml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")
    return district


def test_a_year_not_yet_published_is_reckoned_by_rule_and_marked_provisional(capsys):
    args = ("--category", "blocked-sewer", *GRID_POINT, "--at", "2027-03-01T10:00+08:00")
    code, decided, err = route(capsys, *args)
    assert code == 0, err
    assert decided["clocks"]["reply"]["deadline"] == "2027-03-08T10:00:00+08:00"
    assert decided["clocks"]["reply"]["provisional"] == ["deadline", "yellow_at", "red_at"]
    assert "provisional" not in decided["clocks"]["response"]


def test_a_year_past_the_reckoning_is_refused_with_a_clear_message(capsys):
    args = ("--category", "blocked-sewer", *GRID_POINT, "--at", "2029-03-01T10:00+08:00")
    code, _, err = route(capsys, *args)
    assert code == 2
    assert "no working-day schedule for 2029" in err
    assert "calendar" in err


def test_a_district_that_refuses_to_guess_is_refused_an_unpublished_year(capsys, tmp_path):
    guess = "  unpublished_years: provisional\n"
    district = district_with(tmp_path, guess, "  unpublished_years: refuse\n")
    args = ("--category", "blocked-sewer", *GRID_POINT, "--at", "2027-03-01T10:00+08:00")
    code, _, err = route(capsys, *args, district=district)
    assert code == 2
    assert "no working-day schedule for 2027" in err


def test_a_year_the_district_vouches_for_is_scheduled(capsys, tmp_path):
    vouched = "  closures: [2027-01-01]\n  workdays: []\n  vouched_years: [2027]\n"
    district = district_with(
        tmp_path, "  closures: []\n  workdays: []\n  vouched_years: []\n", vouched
    )
    args = ("--category", "blocked-sewer", *GRID_POINT, "--at", "2026-12-31T10:00+08:00")
    code, decided, err = route(capsys, *args, district=district)
    assert code == 0, err
    # 31 Dec + 5 working days, New Year's Day closed: 4, 5, 6, 7, 8 January.
    assert decided["clocks"]["reply"]["deadline"] == "2027-01-08T10:00:00+08:00"
    assert "provisional" not in decided["clocks"]["reply"]


def test_the_routing_table_names_the_department_at_the_street(capsys):
    args = ("--category", "dangerous-house", *GRID_POINT, "--at", "2026-09-30T10:00+08:00")
    decided = route(capsys, *args)[1]
    assert (decided["tier"], decided["owner"]) == (
        "street",
        {"kind": "department", "id": "housing"},
    )
    assert decided["co_handlers"] == [
        {"owner": {"kind": "street", "id": "620502001"}, "task": "组织居民临时撤离"}
    ]
    assert decided["clocks"]["reply"]["deadline"] == "2026-10-27T10:00:00+08:00"  # complex: 15


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("--category", "alien-landing", *GRID_POINT, "--at", "2026-09-30T10:00"),
            "unknown category",
        ),
        (("--category", "blocked-sewer", *GRID_POINT, "--at", "yesterday"), "not an ISO 8601 time"),
    ],
)
def test_bad_input_is_refused_with_its_reason(capsys, args, said):
    code, _, err = route(capsys, *args)
    assert code == 2
    assert said in err
