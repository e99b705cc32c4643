"""A carried plan carried out and rated, over the real broker: the plan's department task
becomes a routing case (deliberation.task.assigned), the department resolves it through
routing's API, its steps come back (routing.issue.transitioned) and the matter moves to
evaluate; an assembly member rates the outcome once (the refusals each with their code); staff
close the evaluation with a review date, the council hears the counts through notify, the
matter's page and the community's list in headless Chromium show the task's state and the
counts, and on the review date the sweeper brings the matter back to deliberate, the council
told."""

from datetime import UTC, datetime

import pytest
from selenium.webdriver.common.by import By

from gongzhi.testing.system import eventually
from gongzhi.testing.units import FakeClock

from .test_public_board_page import CARRIED, Council

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]
WEDNESDAY = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 10:00 in Xiguan
REVIEW_ON = "2026-12-16"  # a Wednesday two weeks on
RESOLVED = {"text": "主管道已疏通", "photos": []}


@pytest.fixture(autouse=True)
def unthrottled(system):
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "60000", "GONGZHI_RATE_BURST": "1000"}


def inbox(system, person: str) -> list[str]:
    key = {"X-Api-Key": system.key("notify", "staff", person)}
    found = system.get("notify", "/api/v1/inbox", headers=key).json()["messages"]
    return [message["title"] for message in found]


def resolve_case(system, case_id: str) -> None:
    """The department the task went to does it, through routing's API."""
    key = {"X-Api-Key": system.key("routing", "staff", "city-management")}
    for action, more in (("accept", {}), ("start", {}), ("resolve", {"answer": RESOLVED})):
        body = {"action": action, "actor": "owner", **more}
        done = system.post("routing", f"/api/v1/cases/{case_id}/actions", json=body, headers=key)
        assert done.status_code == 200, done.text


def test_a_carried_plans_task_is_a_routing_case_and_once_resolved_the_matter_is_rated(
    system, browser
):
    system.clock = clock = FakeClock(WEDNESDAY)
    system.start("deliberation", "routing", "notify")
    council = Council(system)
    matter_id = council.decided("下水道改造", CARRIED)
    staff = council.key("staff", "secretary-1")
    path = f"/api/v1/matters/{matter_id}"
    [task] = system.get("deliberation", path, headers=staff).json()["plan"]["tasks"]
    assert task["state"] == "assigned"

    viewer = {"X-Api-Key": system.key("routing", "viewer")}
    case = eventually(
        lambda: system.get("routing", f"/api/v1/cases/{task['id']}", headers=viewer).ok,
        timeout=30,
        interval=0.25,
    )
    assert case
    resolve_case(system, task["id"])

    def evaluating() -> dict | None:
        found = system.get("deliberation", path, headers=staff).json()
        return found if found["step"] == "evaluate" else None

    matter = eventually(evaluating, timeout=30, interval=0.25)
    assert matter["plan"]["tasks"][0]["state"] == "resolved"

    def rate(key: dict, body: dict) -> tuple[int, str]:
        answer = system.post("deliberation", f"{path}/ratings", json=body, headers=key)
        return answer.status_code, answer.json().get("error", "")

    member = council.key("member", "p-1101")
    assert rate(member, {"verdict": "satisfied", "comment": "路面干净了"}) == (201, "")
    assert rate(member, {"verdict": "unsatisfied"}) == (409, "refused")
    assert rate(council.key("member", "p-9999"), {"verdict": "satisfied"}) == (403, "forbidden")
    resident_app = council.key("resident_app", "app-1")
    assert rate(resident_app, {"verdict": "basically", "resident_ref": "r-1"}) == (403, "forbidden")
    assert rate(council.key("member", "p-1102"), {"verdict": "great"}) == (400, "invalid")

    body = {"review_on": REVIEW_ON}
    closed = system.post("deliberation", f"{path}/evaluation", json=body, headers=staff)
    assert closed.status_code == 200, closed.text
    assert closed.json()["counts"] == {"satisfied": 1, "basically": 0, "unsatisfied": 0}
    assert rate(council.key("member", "p-1102"), {"verdict": "satisfied"}) == (409, "refused")
    told = eventually(lambda: "评议结果:下水道改造" in inbox(system, "p-1001"), timeout=30)
    assert told
    on_its_page(system, browser, matter_id)
    assert system.metric("deliberation", "gongzhi_deliberation_ratings_total") == 1

    clock.advance(14 * 86400)

    back = "复查议题:下水道改造(商议)"
    assert eventually(lambda: back in inbox(system, "p-1009"), timeout=30, interval=0.25)
    again = system.get("deliberation", path, headers=staff).json()
    assert (again["step"], again["status"]) == ("deliberate", "deliberating")


def on_its_page(system, browser, matter_id: str) -> None:
    browser.get(system.url("deliberation", f"/board/matters/{matter_id}"))
    task = browser.find_element(By.CSS_SELECTOR, "ul.tasks li")
    assert task.get_attribute("data-state") == "resolved"
    assert task.find_element(By.CLASS_NAME, "state").text == "已办结"
    cells = browser.find_elements(By.CSS_SELECTOR, "table.evaluation td")
    assert [cell.text for cell in cells] == ["1", "0", "0"]
    assert browser.find_element(By.CLASS_NAME, "review-on").text == f"复查日期：{REVIEW_ON}"
    browser.get(system.url("deliberation", "/board/620502001001"))  # the community's list
    listed = browser.find_element(By.ID, f"matter-{matter_id}")
    assert listed.find_element(By.CLASS_NAME, "execution").text == "实施进度：已完成 1 / 1 项"
    evaluated = listed.find_element(By.CLASS_NAME, "evaluation").text
    assert evaluated == "群众评议：满意 1，基本满意 0，不满意 0"
