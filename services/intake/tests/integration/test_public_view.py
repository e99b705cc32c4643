"""What a caller without a key reads, in the native API and in Open311 (XML and JSON) alike:
personal data masked and household matters absent; a staff key reads the record whole."""

import pytest

from gongzhi.keyguard import HEADER

from ..conftest import FORMATS, read

pytestmark = pytest.mark.integration
ID_CARD = "620502198807150010"  # valid check digit
PERSONAL = (
    f"楼道漏水，请联系 138 0013 8000 或单位 +86-10-6512-3456，身份证 {ID_CARD}，"
    "邮箱 li.si@example.cn"
)
MASKED = "楼道漏水，请联系 [phone] 或单位 [phone]，身份证 [id-card]，邮箱 [email]"
COMMENT = "物业电话 0938-8212345"
PARKING = {
    "category": "disorderly-parking",
    "lat": 34.5805,
    "long": 105.7203,
    "channel": "app",
    "description": PERSONAL,
}
FAMILY = {**PARKING, "category": "family-dispute", "description": "邻居家中夫妻争吵"}


def submit(system, report: dict) -> str:
    app = {HEADER: system.key("intake", "resident_app")}
    response = system.post("intake", "/api/v1/reports", json=report, headers=app)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def comment(system, report_id: str) -> None:
    """A grid worker's comment (a key that may post one: access.py)."""
    update, worker = (
        {"kind": "comment", "text": COMMENT},
        {HEADER: system.key("intake", "grid_worker")},
    )
    added = system.post(
        "intake", f"/api/v1/reports/{report_id}/updates", json=update, headers=worker
    )
    assert added.status_code == 201, added.text


def native(system, path: str, key: str | None = None):
    return system.get("intake", path, headers={HEADER: key} if key else {})


def open311(system, path: str, fmt: str, key: str | None = None, **params):
    params = {**params, "api_key": key} if key else params
    return system.get("intake", f"/open311/v2/{path}.{fmt}", params=params)


def every_read(system, report_id: str, key: str | None = None) -> dict[str, str]:
    """The description of the report in each view that shows it, by view."""
    listed = native(system, "/api/v1/reports", key).json()["reports"]
    texts = {
        "native list": next(r["description"] for r in listed if r["id"] == report_id),
        "native item": native(system, f"/api/v1/reports/{report_id}", key).json()["description"],
    }
    for fmt in FORMATS:
        [found] = read(open311(system, f"requests/{report_id}", fmt, key), fmt)
        texts[f"Open311 {fmt} item"] = found["description"]
        [found] = read(open311(system, "requests", fmt, key), fmt)
        texts[f"Open311 {fmt} list"] = found["description"]
    return texts


def every_update(system, report_id: str, key: str | None = None) -> dict[str, str]:
    [update] = native(system, f"/api/v1/reports/{report_id}/updates", key).json()["updates"]
    texts = {"native updates": update["text"]}
    for fmt in FORMATS:
        [polled] = read(open311(system, "servicerequestupdates", fmt, key), fmt)
        texts[f"Open311 {fmt} updates"] = polled["description"]
    return texts


def test_personal_data_is_masked_in_every_public_view_and_whole_to_a_staff_key(intake, staff_key):
    report_id = submit(intake, PARKING)
    comment(intake, report_id)
    assert set(every_read(intake, report_id).values()) == {MASKED}
    assert set(every_update(intake, report_id).values()) == {"物业电话 [phone]"}
    assert set(every_read(intake, report_id, staff_key).values()) == {PERSONAL}
    assert set(every_update(intake, report_id, staff_key).values()) == {COMMENT}


def test_the_public_view_withholds_the_exact_point_and_the_address(intake, staff_key):
    report_id = submit(intake, {**PARKING, "address_string": "双桥路 3 号楼 2 单元 502"})
    public = native(intake, f"/api/v1/reports/{report_id}").json()
    assert (public["lat"], public["long"]) == (None, None)  # not yet placed in a grid
    assert "address_string" not in public
    [found] = read(open311(intake, f"requests/{report_id}", "json"), "json")
    assert (found["lat"], found["long"], found["address"]) == (None, None, "")
    full = native(intake, f"/api/v1/reports/{report_id}", staff_key).json()
    assert (full["lat"], full["address_string"]) == (34.5805, "双桥路 3 号楼 2 单元 502")


def test_a_family_dispute_is_invisible_without_a_key_in_every_list_and_by_id(intake, staff_key):
    family = submit(intake, FAMILY)
    comment(intake, family)
    assert native(intake, "/api/v1/reports").json()["reports"] == []
    by_category = native(intake, "/api/v1/reports?category=family-dispute").json()
    assert by_category["reports"] == []
    assert native(intake, f"/api/v1/reports/{family}").status_code == 404
    assert native(intake, f"/api/v1/reports/{family}/updates").status_code == 404
    for fmt in FORMATS:
        assert read(open311(intake, "requests", fmt), fmt) == []
        by_id = open311(intake, "requests", fmt, service_request_id=family)
        assert read(by_id, fmt) == []
        assert open311(intake, f"requests/{family}", fmt).status_code == 404
        assert read(open311(intake, "servicerequestupdates", fmt), fmt) == []
    assert native(intake, f"/api/v1/reports/{family}", staff_key).json()["id"] == family
    [found] = open311(intake, f"requests/{family}", "json", staff_key).json()
    assert found["service_code"] == "family-dispute"


def test_a_private_reports_404_reads_as_no_report_at_all(intake):
    family = submit(intake, FAMILY)
    hidden = native(intake, f"/api/v1/reports/{family}").json()
    absent = native(intake, "/api/v1/reports/no-such-report").json()
    assert hidden == {**absent, "message": hidden["message"]}
    assert hidden["message"] == f"no report {family}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_wrong_key_is_refused_rather_than_shown_the_public_view(intake, fmt):
    assert native(intake, "/api/v1/reports", "gz_not-a-key").status_code == 403
    assert open311(intake, "requests", fmt, "gz_not-a-key").status_code == 403
