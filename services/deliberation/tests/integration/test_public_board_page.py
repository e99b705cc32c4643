"""The public board (两公开) on the running service, read in a real headless Chromium: matters
taken through deliberation's HTTP API (opened, met on, minuted, planned, reviewed, voted on by
the assembly's own member keys, closed), one carried and one that misses a party's quorum; the
board shows the tally per party the moment each vote closed and why the failed one failed; it
fits a phone's width and prints without its navigation. The JSON API needs no key, and says
nothing of an open vote's count."""

import pytest
from selenium.webdriver.common.by import By

from deliberation.openapi import (
    CALL_EXAMPLE,
    MATTER_EXAMPLE,
    MINUTES_EXAMPLE,
    PLAN_EXAMPLE,
    REVIEW_EXAMPLE,
)
from gongzhi.testing.browser import PHONE, page_width, phone, print_media

pytestmark = pytest.mark.integration
XIGUAN = "620502001001"  # quorum and party quorum 0.5, simple majority; 30 in its assembly
REPRESENTATIVES = [f"p-{n}" for n in range(1101, 1125)]
CARRIED = [*REPRESENTATIVES[:13], "p-1001", "p-1009", "p-1125", "p-1010", "p-1011"]
NO_PROPERTY = [voter for voter in CARRIED if voter != "p-1010"]  # 物业公司 stays away
ROLES = ("operator", "staff", "supervisor", "resident_app", "member", None)


class Council:
    """Deliberation's HTTP API as the community's secretary and its members use it."""

    def __init__(self, system):
        self.system = system

    def key(self, role: str, name: str) -> dict[str, str]:
        return {"X-Api-Key": self.system.key("deliberation", role, name)}

    def post(self, path: str, body: dict, key: dict[str, str]) -> dict:
        answer = self.system.post("deliberation", path, json=body, headers=key)
        assert answer.status_code in (200, 201), answer.text
        return answer.json()

    def to_vote(self, title: str) -> str:
        """A matter opened by staff and taken to the assembly's vote."""
        staff = self.key("staff", "secretary-1")
        matter = self.post("/api/v1/matters", {**MATTER_EXAMPLE, "title": title}, staff)["id"]
        at = f"/api/v1/matters/{matter}"
        meeting = self.post(f"{at}/meetings", CALL_EXAMPLE, staff)["meeting_id"]
        self.post(f"/api/v1/meetings/{meeting}/attendance", {"present": ["p-1001"]}, staff)
        self.post(f"{at}/minutes", {**MINUTES_EXAMPLE, "meeting_id": meeting}, staff)
        self.post(f"{at}/plan", PLAN_EXAMPLE, staff)
        reviewed = self.post(f"{at}/review", REVIEW_EXAMPLE, self.key("member", "p-1001"))
        assert reviewed["status"] == "voting"
        return matter

    def vote(self, matter: str, voters: list[str]) -> None:
        for voter in voters:
            body = {"option": "agree"}
            self.post(f"/api/v1/matters/{matter}/vote/ballots", body, self.key("member", voter))

    def decided(self, title: str, voters: list[str]) -> str:
        matter = self.to_vote(title)
        self.vote(matter, voters)
        self.post(f"/api/v1/matters/{matter}/vote/close", {}, self.key("staff", "secretary-1"))
        return matter


def cells(article, party: str) -> list[str]:
    row = article.find_element(By.CSS_SELECTOR, f'tr[data-party="{party}"]')
    return [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]


def test_the_board_shows_each_vote_per_party_and_why_one_failed_on_a_phone_and_on_paper(
    system, browser
):
    system.start("deliberation")
    council = Council(system)
    carried = council.decided("下水道改造", CARRIED)
    failed = council.decided("物业费调整", NO_PROPERTY)
    board = system.url("deliberation", f"/board/{XIGUAN}")

    browser.get(board)

    shown = browser.find_element(By.ID, f"matter-{failed}")
    assert shown.find_element(By.CLASS_NAME, "verdict").text == "未通过：物业公司一方未达到法定人数"
    assert cells(shown, "property_company") == ["0", "0", "0", "0", "0/1"]
    passed = browser.find_element(By.ID, f"matter-{carried}")
    assert passed.find_element(By.CLASS_NAME, "verdict").text == "通过"
    assert "当场公布" in passed.find_element(By.TAG_NAME, "caption").text
    assert cells(passed, "residents_representatives") == ["13", "0", "0", "0", "13/24"]
    assert cells(passed, "property_company") == ["1", "0", "0", "0", "1/1"]
    assert cells(passed, "") == ["18", "0", "0", "0", "18/30"]  # 合计
    assert browser.find_element(By.TAG_NAME, "h1").text == "西关第一社区议事决定与结果公开"
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "article h2")]
    assert headings == ["物业费调整", "下水道改造"]  # newest decision first

    phone(browser)
    browser.get(board)
    assert page_width(browser) <= PHONE["width"]
    print_media(browser)
    assert not browser.find_element(By.TAG_NAME, "nav").is_displayed()
    assert browser.find_element(By.ID, f"matter-{failed}").is_displayed()


def test_a_matters_page_shows_its_steps_plan_and_result(system, browser):
    system.start("deliberation")
    carried = Council(system).decided("下水道改造", CARRIED)

    browser.get(system.url("deliberation", f"/board/matters/{carried}"))

    assert browser.find_element(By.TAG_NAME, "h1").text == "下水道改造"
    steps = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "ol.steps li")]
    assert [step.split("：")[0] for step in steps] == ["提议", "商议", "审议", "决议", "执行"]
    assert browser.find_element(By.CLASS_NAME, "verdict").text == "通过"
    assert "疏通主管道" in browser.find_element(By.CSS_SELECTOR, "ul.tasks").text
    head = system.get("deliberation", f"/api/v1/public/matters/{carried}").json()["chain_head"]
    assert head["why"] == "vote_closed"
    assert head["hash"] in browser.find_element(By.CLASS_NAME, "chain").text  # to verify by
    phone(browser)
    browser.get(system.url("deliberation", f"/board/matters/{carried}"))
    assert page_width(browser) <= PHONE["width"]
    browser.find_element(By.CSS_SELECTOR, "nav a").click()
    assert browser.current_url.endswith(f"/board/{XIGUAN}")


def test_the_public_api_needs_no_key_and_shows_nothing_of_an_open_vote(system):
    system.start("deliberation")
    council = Council(system)
    decided = council.decided("下水道改造", CARRIED)
    still_open = council.to_vote("加装电梯")
    council.vote(still_open, CARRIED[:3])
    paths = [
        f"/api/v1/public/communities/{XIGUAN}/matters",
        f"/api/v1/public/matters/{decided}",
        f"/board/{XIGUAN}",
        f"/board/matters/{decided}",
    ]
    for path in paths:
        for role in ROLES:
            key = council.key(role, "p-1001") if role else {}
            assert system.get("deliberation", path, headers=key).status_code == 200, (path, role)

    listed = system.get("deliberation", paths[0]).json()
    assert [m["id"] for m in listed["matters"]] == [decided]
    open_vote = system.get("deliberation", f"/api/v1/public/matters/{still_open}").json()["vote"]
    assert set(open_vote) == {"state", "opened_at"}
    assert open_vote["state"] == "open"


def test_what_is_not_there_is_a_404_page_and_a_bad_query_a_400(system):
    system.start("deliberation")
    no_matter = "00000000-0000-4000-8000-000000000000"

    for path in ["/board/620502009999", f"/board/matters/{no_matter}", "/board/matters/x"]:
        got = system.get("deliberation", path)
        assert got.status_code == 404, path
        assert got.headers["Content-Type"].startswith("text/html")
        assert "<h1>404</h1>" in got.text
    got = system.get("deliberation", f"/api/v1/public/matters/{no_matter}")
    assert (got.status_code, got.json()["error"]) == (404, "not_found")
    for query in ["cursor=not-ours", "limit=0", "limit=101"]:
        got = system.get("deliberation", f"/api/v1/public/communities/{XIGUAN}/matters?{query}")
        assert got.status_code == 400, query
    assert system.get("deliberation", f"/board/{XIGUAN}?cursor=not-ours").status_code == 400
