"""A council deliberates, through the running services over the real broker: three co-reported
cases (intake's reports, routing's cases) are promoted by a supervisor to one matter of their
community; the meeting's invitation reaches every party through notify (each one's inbox);
attendance, minutes with each party's opinion and a plan are recorded; the party committee
approves, the plan is filed with the street and its supervisors told (notify), and the
assembly's vote opens on the matter; the assembly votes, one member through
the proxy they appointed in writing, the vote closes carried, the matter moves on to execute, the
carried result is on the public board in a headless Chromium with the tally per party, and each
of the three cases takes the decision as its answer (routing), its reporters told (notify). Then
the plan's department task, a routing case, is resolved through routing's API: the matter moves
to evaluate, an assembly member and a reporter of its cases rate it, staff close the evaluation,
and the matter's page shows the task done and the counts."""

import pytest
from selenium.webdriver.common.by import By

from deliberation.config import bodies_of
from gongzhi import contacts
from gongzhi.testing.system import eventually

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]
COMMUNITY = "620502001001"
STREET = "620502001"  # the community's street, its grid's roster the street's supervisors
GRIDS = ("620502001001001", "620502001001002", "620502001001003")
CHECKED = {"lawful": True, "sound": True, "fair": True, "funded": True, "procedure": True}


@pytest.fixture(autouse=True)
def unthrottled(system):
    system.environ |= {"GONGZHI_RATE_PER_MINUTE": "60000", "GONGZHI_RATE_BURST": "1000"}


def report(system, grid: str, contact: str) -> str:
    """A blocked sewer reported inside `grid`; the same spot again is a co-report (附议)."""
    inside = system.district.grid(grid).polygon.representative_point()
    body = {
        "category": "blocked-sewer",
        "lat": inside.y,
        "long": inside.x,
        "description": "下水道堵塞, 污水漫到路面",
        "channel": "app",
        "reporter_contact": contact,
        "attributes": {"overflowing": "yes", "gas_smell": "no"},
    }
    key = {"X-Api-Key": system.key("intake", "resident_app")}
    answer = system.post("intake", "/api/v1/reports", json=body, headers=key)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def as_role(system, role: str, name: str) -> dict[str, str]:
    return {"X-Api-Key": system.key("deliberation", role, name)}


def post(system, path: str, body: dict, headers: dict) -> dict:
    answer = system.post("deliberation", path, json=body, headers=headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def promoted(system, case_ids: list[str]) -> dict | None:
    """The matter the cases are promoted into, once deliberation has heard of them all."""
    body = {"issue_ids": case_ids, "title": "下水道反复堵塞", "description": "三处同一周堵塞"}
    headers = as_role(system, "supervisor", "gs-620502001")
    answer = system.post("deliberation", "/api/v1/promotions", json=body, headers=headers)
    return answer.json() if answer.status_code == 201 else None


def inbox(system, person: str) -> list[dict]:
    key = {"X-Api-Key": system.key("notify", "staff", person)}
    return system.get("notify", "/api/v1/inbox", headers=key).json()["messages"]


def filed(system, supervisor: str) -> bool:
    """Whether the supervisor's inbox holds the matter's filing (备案)."""
    return "议事方案备案:下水道反复堵塞" in {m["title"] for m in inbox(system, supervisor)}


def test_three_co_reported_cases_become_one_matter_deliberated_reviewed_and_put_to_the_vote(
    system, browser
):
    system.start("intake", "routing", "deliberation", "notify")
    cases = [report(system, grid, f"1380013800{n}") for n, grid in enumerate(GRIDS)]
    co_reports = [report(system, grid, f"1390013900{n}") for n, grid in enumerate(GRIDS)]
    assert co_reports == cases  # each second report joined the first one's case

    matter = eventually(lambda: promoted(system, cases), timeout=30, interval=0.25)
    assert (matter["community"], matter["step"]) == (COMMUNITY, "deliberate")
    assert sorted(matter["issue_ids"]) == sorted(cases)

    staff = as_role(system, "staff", "staff-620502001001")
    path = f"/api/v1/matters/{matter['id']}"
    call = {
        "place": "西关第一社区议事厅",
        "agenda": "下水道改造方案",
        "starts_at": "2030-05-08T15:00:00+08:00",
        "stakeholders": [{"person": "p-2001", "party": "property_company"}],
    }
    meeting_id = post(system, f"{path}/meetings", call, staff)["meeting_id"]
    for person in ("p-1001", "p-1009", "p-1011", "p-2001"):  # party core, owners, N, stakeholder
        invited = eventually(lambda p=person: inbox(system, p), timeout=30, interval=0.25)
        assert invited[0]["title"] == "议事会议邀请:下水道反复堵塞"

    post(
        system,
        f"/api/v1/meetings/{meeting_id}/attendance",
        {"present": ["p-1001", "p-1009"]},
        staff,
    )
    opinions = {"party_core": "同意改造", "owners_committee": "费用需公示"}
    minutes = {"meeting_id": meeting_id, "summary": "议定改造主管道", "opinions": opinions}
    post(system, f"{path}/minutes", minutes, staff)
    task = {
        "title": "疏通并改造主管道",
        "owner": {"kind": "department", "id": "city-management"},
        "category": "blocked-sewer",
        "tier": "street",
        "due_at": None,
    }
    in_review = post(system, f"{path}/plan", {"summary": "分两步实施", "tasks": [task]}, staff)
    assert (in_review["step"], in_review["status"]) == ("review", "reviewing")

    review = {"answers": CHECKED, "approved": True}
    voting = post(system, f"{path}/review", review, as_role(system, "member", "p-1001"))

    assert (voting["step"], voting["status"]) == ("resolve", "voting")
    assert voting["minutes"][0]["opinions"] == opinions
    # The approved plan is filed with the street (备案): its supervisors hear in their inbox.
    [supervisor, *_] = system.district.grid(STREET).roster
    eventually(lambda: filed(system, supervisor.id), timeout=30, interval=0.25)
    assert voting["plan"]["tasks"][0]["title"] == "疏通并改造主管道"
    vote = system.get("deliberation", f"{path}/vote").json()
    assert vote["state"] == "open", vote
    assembly = bodies_of(system.district).assembly(COMMUNITY)  # as it stood when the vote opened
    assert vote["eligible"] == len(assembly) > 0
    counted = eventually(
        lambda: system.metric("deliberation", "gongzhi_deliberation_matters"), interval=0.25
    )
    assert counted == 1

    proxy = {"holder": "p-1101", "document": "委托书 2030-007"}  # p-1102 is away
    post(system, f"{path}/vote/proxies", proxy, as_role(system, "member", "p-1102"))
    for_p1102 = {"option": "agree", "voter": "p-1102"}
    post(system, f"{path}/vote/ballots", for_p1102, as_role(system, "member", "p-1101"))
    for member in sorted(set(assembly) - {"p-1102"}):
        ballot = system.post(
            "deliberation",
            f"{path}/vote/ballots",
            json={"option": "agree"},
            headers=as_role(system, "member", member),
        )
        assert ballot.status_code == 201, ballot.text
    closed = post(system, f"{path}/vote/close", {}, staff)
    assert closed["result"]["carried"] is True
    assert closed["result"]["turnout"]["by_proxy"] == 1
    on_the_board(system, browser, matter["id"], len(assembly))

    executing = system.get("deliberation", path, headers=staff).json()
    assert (executing["step"], executing["status"]) == ("execute", "executing")
    votes = f"赞成 {len(assembly)}，弃权 0，反对 0，否决 0"
    decision = f"居民代表大会表决通过（{votes}）：下水道反复堵塞"
    for case_id in cases:
        answer = eventually(lambda c=case_id: answer_of(system, c), timeout=30, interval=0.25)
        assert answer["text"] == decision
        told = eventually(lambda c=case_id: told_reporters(system, c), timeout=30, interval=0.25)
        assert told == ["report.answered", "report.answered"]  # the reporter and co-reporter
    carried_out(system, browser, path, executing["plan"]["tasks"][0]["id"])


def answer_of(system, report_id: str) -> dict | None:
    """The latest answer on the report's public view (routing's, through intake)."""
    return system.get("intake", f"/api/v1/reports/{report_id}").json().get("answer")


def told_reporters(system, report_id: str) -> list[str]:
    key = {"X-Api-Key": system.key("notify", "operator")}
    found = system.get("notify", "/api/v1/deliveries", params={"subject": report_id}, headers=key)
    return sorted(
        d["template"]
        for d in found.json()["deliveries"]
        if d["recipient"].startswith("resident:")
        and d["status"] == "delivered"
        and d["template"] == "report.answered"
    )


def on_the_board(system, browser, matter_id: str, members: int) -> None:
    """The community's public board read in a real browser: carried, the tally per party."""
    browser.get(system.url("deliberation", f"/board/{COMMUNITY}"))
    shown = browser.find_element(By.ID, f"matter-{matter_id}")
    assert shown.find_element(By.CLASS_NAME, "verdict").text == "通过"
    assert "当场公布" in shown.find_element(By.TAG_NAME, "caption").text

    def cells(party: str) -> list[str]:
        row = shown.find_element(By.CSS_SELECTOR, f'tr[data-party="{party}"]')
        return [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]

    assert cells("residents_representatives") == ["24", "0", "0", "0", "24/24"]
    assert cells("property_company") == ["1", "0", "0", "0", "1/1"]
    assert cells("") == [str(members), "0", "0", "0", f"{members}/{members}"]  # 合计
    assert "其中委托投票 1 人" in shown.text


def carried_out(system, browser, path: str, task_id: str) -> None:
    """The department resolves its task's case in routing; the matter is rated and evaluated."""
    department = {"X-Api-Key": system.key("routing", "staff", "city-management")}
    case = f"/api/v1/cases/{task_id}"
    opened = lambda: system.get("routing", case, headers=department).ok  # noqa: E731
    assert eventually(opened, timeout=30, interval=0.25)
    answer = {"text": "主管道已疏通改造", "photos": []}
    for action, more in (("accept", {}), ("start", {}), ("resolve", {"answer": answer})):
        body = {"action": action, "actor": "owner", **more}
        done = system.post("routing", f"{case}/actions", json=body, headers=department)
        assert done.status_code == 200, done.text
    staff = as_role(system, "staff", "staff-620502001001")
    step = lambda: system.get("deliberation", path, headers=staff).json()["step"]  # noqa: E731
    assert eventually(lambda: step() == "evaluate", timeout=30, interval=0.25)

    key = system.environ["GONGZHI_PSEUDONYM_KEY"].encode()
    reporter = contacts.reporter_ref("13800138000", key)  # who reported the first case
    member = as_role(system, "member", "p-1101")
    post(system, f"{path}/ratings", {"verdict": "satisfied"}, member)
    by_app = {"verdict": "basically", "resident_ref": reporter}
    post(system, f"{path}/ratings", by_app, as_role(system, "resident_app", "app"))
    evaluated = post(system, f"{path}/evaluation", {"review_on": None}, staff)
    assert evaluated["counts"] == {"satisfied": 1, "basically": 1, "unsatisfied": 0}

    browser.get(system.url("deliberation", f"/board/matters/{path.rsplit('/', 1)[1]}"))
    task = browser.find_element(By.CSS_SELECTOR, "ul.tasks li")
    assert task.find_element(By.CLASS_NAME, "state").text == "已办结"
    cells = browser.find_elements(By.CSS_SELECTOR, "table.evaluation td")
    assert [cell.text for cell in cells] == ["1", "1", "0"]
