"""Without a key a report shows what the public may know: no household matter at all, personal
data masked, the place approximate, the rest of the record withheld; the full text stays."""

import dataclasses

import pytest

from gongzhi.testing.districts import FIRST_GRID
from gongzhi.testing.units import an_event, outbox_for
from intake import geo, model
from intake.config import intake_of
from intake.handlers import record_routing
from intake.public import Reader, public_report, public_update
from intake.views import ReportPage, find_report, list_reports

ID_CARD = "620502198807150010"
PERSONAL = (
    f"漏水，请联系 138 0013 8000 或 +86-10-6512-3456，身份证 {ID_CARD}，邮箱 li.si@example.cn"
)
MASKED = "漏水，请联系 [phone] 或 [phone]，身份证 [id-card]，邮箱 [email]"


def placed_in_grid(session, clock, report_id: str, district) -> None:
    """Routing's word that the report lies in the first grid."""
    data = {
        "issue_id": report_id,
        "action": "assign",
        "category": "blocked-sewer",
        "grid": {"code": FIRST_GRID, "name": "西关第一社区第1网格"},
        "tier": "grid",
        "owner": {"kind": "grid_worker", "id": f"gw-{FIRST_GRID}"},
        "status": "assigned",
        "assigned_at": "2024-05-06T09:31:00+00:00",
        "clocks": [],
        "at": "2024-05-06T09:31:00+00:00",
    }
    outbox = outbox_for(session, model.metadata, clock, service="intake")
    event = an_event("routing.issue.transitioned.v1", data)
    record_routing(event, session=session, outbox=outbox, district=district)


def rounding(district):
    intake = dataclasses.replace(intake_of(district), public_location="rounded")
    return dataclasses.replace(district, sections={**district.sections, "intake": intake})


def test_personal_data_in_the_description_is_masked_and_kept_whole_in_the_record(
    session, submit, district
):
    report = find_report(session, submit(description=PERSONAL), full_view=True)
    assert public_report(report, district)["description"] == MASKED
    assert find_report(session, report["id"], full_view=True)["description"] == PERSONAL


def test_address_attributes_photo_channel_and_contact_are_withheld(session, submit, district):
    report_id = submit(
        address_string="双桥路 3 号楼 2 单元 502",
        media_url="https://example.cn/p/1.jpg",
        on_behalf_of="agent-7",
    )
    shown = public_report(find_report(session, report_id, full_view=True), district)
    assert set(shown) == {
        "id",
        "category",
        "status",
        "submitted_at",
        "updated_at",
        "expected_at",
        "co_reports",
        "routing",
        "description",
        "latitude",
        "longitude",
        "lat",
        "long",
    }


def test_a_report_shows_at_its_grids_point_once_routing_placed_it(session, submit, clock, district):
    report_id = submit()
    unplaced = public_report(find_report(session, report_id, full_view=True), district)
    assert (unplaced["lat"], unplaced["long"]) == (None, None)
    placed_in_grid(session, clock, report_id, district)
    shown = public_report(find_report(session, report_id, full_view=True), district)
    assert (shown["lat"], shown["long"]) == geo.grid_point(district, FIRST_GRID)
    assert shown["routing"]["grid_code"] == FIRST_GRID


def test_a_district_may_show_the_point_rounded_to_about_100_m(session, submit, district):
    report = find_report(session, submit(lat=34.58054, long=105.70128), full_view=True)
    shown = public_report(report, rounding(district))
    assert (shown["lat"], shown["long"]) == (34.581, 105.701)
    assert geo.distance_m((shown["lat"], shown["long"]), (34.58054, 105.70128)) < 100


def test_a_report_with_only_an_address_has_no_public_point(session, submit, district):
    report = find_report(
        session, submit(lat=None, long=None, address_string="双桥路 3 号楼"), full_view=True
    )
    assert public_report(report, rounding(district))["lat"] is None


def test_a_household_matter_is_not_listed_nor_readable_without_a_key(session, submit, district):
    sewer = submit(lat=34.571)
    family = submit(category="family-dispute", description="夫妻争吵", attributes={})
    public, full = Reader(district, full=False), Reader(district, full=True)
    listed = list_reports(session, ReportPage(visible=public.categories), full_view=False)
    assert [r["id"] for r in listed] == [sewer]
    assert not public.may_read(find_report(session, family, full_view=True))
    assert full.categories is None
    assert full.may_read(find_report(session, family, full_view=True))
    assert {r["id"] for r in list_reports(session, ReportPage(), full_view=True)} == {sewer, family}


def test_the_full_record_is_shown_whole_to_a_reader_with_a_key(session, submit, district):
    report = find_report(session, submit(description=PERSONAL), full_view=True)
    assert Reader(district, full=True).reports([report]) == [report]
    [shown] = Reader(district, full=False).reports([report])
    assert shown["description"] == MASKED


@pytest.mark.parametrize(
    ("author", "media_url"), [("staff", "https://example.cn/done.jpg"), ("reporter", None)]
)
def test_an_updates_text_is_masked_and_only_staffs_photos_are_shown(author, media_url):
    update = {
        "id": 1,
        "kind": "photo",
        "author": author,
        "text": "请联系 13800138000",
        "media_url": "https://example.cn/done.jpg",
        "created_at": None,
    }
    shown = public_update(update)
    assert (shown["text"], shown.get("media_url")) == ("请联系 [phone]", media_url)


def test_the_answer_to_the_resident_is_public_with_its_text_masked(session, submit, district):
    report = find_report(session, submit(), full_view=True)
    answer = {"text": "已疏通，如有问题请拨 13800138000", "photos": ["https://example.cn/a.jpg"]}
    shown = public_report({**report, "answer": answer}, district)
    assert shown["answer"] == {**answer, "text": "已疏通，如有问题请拨 [phone]"}
