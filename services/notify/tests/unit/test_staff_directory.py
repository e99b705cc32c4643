"""Who is who: staff contacts imported from a CSV by the ids routing names owners with; a bad
row is reported by its line and skipped, the rest imported; a phone number or an e-mail
address never shows in the report."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from gongzhi.testing.units import session_fixture
from notify import directory, model
from notify.directory import BadFile, BadRow, address_of, import_csv

DATA = Path(__file__).parents[1] / "data"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

session = session_fixture(model.metadata)


def test_the_sample_directory_answers_each_owner_routing_names_on_each_channel(session):
    report = import_csv(session, DATA / "directory.csv", NOW)

    assert (report.imported, report.updated, report.bad) == (7, 0, [])
    assert address_of(session, "gw-620502001001001", "phone") == "+8613800138001"
    assert address_of(session, "gw-620502001001001", "email") == "zhang.wei@example.com"
    assert address_of(session, "gw-620502001001002", "dingtalk") == "wangfang-dd"
    assert address_of(session, "620502001001", "wecom") == "xiguan1"  # the community's
    assert address_of(session, "housing", "phone") == "+869388212347"  # a department's
    assert address_of(session, "ps-620502001", "feishu") == "liuyang-fs"


def test_phone_numbers_are_kept_in_one_spelling_whatever_the_sheet_wrote(session):
    import_csv(session, DATA / "directory.csv", NOW)

    assert address_of(session, "gw-620502001001002", "phone") == "+8613800138002"  # +86 138-...


def test_nobody_or_no_such_contact_is_none(session):
    import_csv(session, DATA / "directory.csv", NOW)

    assert address_of(session, "gw-620502001001002", "email") is None
    assert address_of(session, "gw-999", "phone") is None


def test_an_address_kind_no_channel_has_is_refused_by_name(session):
    with pytest.raises(ValueError, match="unknown address kind 'sms'"):
        address_of(session, "gw-620502001001001", "sms")


def test_importing_again_replaces_each_person_by_id(session, tmp_path):
    import_csv(session, DATA / "directory.csv", NOW)
    changed = tmp_path / "changed.csv"
    changed.write_text(
        "id,kind,name,phone\ngw-620502001001001,grid_worker,张伟,13800138099\n"
        "gw-620502001009009,grid_worker,新人,13800138098\n",
        encoding="utf-8",
    )

    report = import_csv(session, changed, NOW)

    assert (report.imported, report.updated) == (1, 1)
    assert address_of(session, "gw-620502001001001", "phone") == "+8613800138099"
    assert address_of(session, "gw-620502001001001", "email") is None  # the row, as given
    assert address_of(session, "gs-620502001001", "phone") == "+8613800138003"  # left alone


def test_bad_rows_are_reported_by_line_and_the_rest_is_imported(session):
    report = import_csv(session, DATA / "directory_bad_rows.csv", NOW)

    assert (report.imported, report.updated) == (1, 0)
    assert address_of(session, "gw-620502001001003", "phone") == "+8613800138005"
    assert [bad.line for bad in report.bad] == [3, 4, 5, 6, 7, 8]
    reasons = {bad.line: bad.reason for bad in report.bad}
    assert reasons[3] == "id: required"
    assert reasons[4].startswith("kind: unknown 'janitor', one of grid_worker,")
    assert reasons[5] == "phone: not a phone number in China"
    assert reasons[6] == "email: not an e-mail address"
    assert reasons[7] == "id: 'gw-620502001001003' is already on line 2"
    assert reasons[8] == "more cells than the header has columns"
    assert address_of(session, "gw-620502001001004", "phone") is None  # nothing of a bad row


def test_the_report_never_shows_a_phone_number_or_an_e_mail_address(session, tmp_path):
    sheet = tmp_path / "mistyped.csv"
    sheet.write_text(
        "id,kind,phone,email\n13800138000,grid_worker,1380013,zhou.min@\n"
        "13800138000,zhou.min@example.com,,\n",
        encoding="utf-8",
    )

    report = import_csv(session, sheet, NOW)

    text = " ".join(bad.reason for bad in report.bad)
    assert report.bad[1] == BadRow(
        3,
        "kind: unknown '[email]', one of " + ", ".join(directory.KINDS) + "; id: '[phone]' "
        "is already on line 2",
    )
    for secret in ("13800138000", "1380013", "zhou.min"):
        assert secret not in text


@pytest.mark.parametrize(
    ("header", "named"),
    [("name,kind,phone\n", "missing: id"), ("id,kind,emial\n", "unknown: emial")],
)
def test_a_header_that_is_not_the_directory_s_imports_nothing(session, tmp_path, header, named):
    sheet = tmp_path / "wrong.csv"
    sheet.write_text(header + "gw-1,grid_worker,x\n", encoding="utf-8")

    with pytest.raises(BadFile, match=named):
        import_csv(session, sheet, NOW)
    assert address_of(session, "gw-1", "phone") is None


def test_a_sheet_saved_in_another_encoding_is_refused_as_a_whole(session, tmp_path):
    sheet = tmp_path / "gbk.csv"
    sheet.write_bytes("id,kind,name\ngw-1,grid_worker,张伟\n".encode("gbk"))

    with pytest.raises(BadFile, match="not UTF-8"):
        import_csv(session, sheet, NOW)
