"""The public board's JSON views (两公开) on the real database, matters moved through their
process by deliberation's own decisions: a community's decisions newest first, a page at a time;
each with its tally per party and why it failed; an open vote shows nothing of its count;
personal data in what people wrote is masked and no person's id is shown."""

import json
from datetime import timedelta

import jsonschema
import pytest
from sqlalchemy import event

from deliberation import board, casting, closing, matters, meetings, openapi, records
from deliberation.matters import NewMatter
from deliberation.meetings import Call
from deliberation.records import Review, Task
from deliberation.refusals import NotFound

COMMUNITY = "620502001001"  # Xiguan's process: quorum and party quorum 0.5, simple majority
CHECKED = {"lawful": True, "sound": True, "fair": True, "funded": True, "procedure": True}
REPRESENTATIVES = [f"p-{n}" for n in range(1101, 1125)]
# Half of each party of the assembly, and more: the party core, owners, property, social.
CARRIED = [*REPRESENTATIVES[:13], "p-1001", "p-1009", "p-1125", "p-1010", "p-1011"]
NO_PROPERTY = [voter for voter in CARRIED if voter != "p-1010"]  # 物业公司 stays away
FIRST_PAGE = {"cursor": None, "limit": 20}


def in_review(desk, title: str, description: str = "三处同一周堵塞", tasks=()) -> str:
    """A matter deliberated by the council, its plan written: in review."""
    matter = desk.run(matters.start, NewMatter(COMMUNITY, title, description, "staff"))
    at = desk.clock.now() + timedelta(hours=6)
    meeting_id = desk.run(meetings.call, matter.id, Call("社区议事厅", "改造方案", at))
    desk.run(meetings.attendance, meeting_id, ["p-1001", "p-1009"])
    desk.run(records.record_minutes, matter.id, meeting_id, "议定", {"party_core": "同意"})
    task = Task("疏通主管道", "department", "city-management", "blocked-sewer", "street")
    desk.run(records.record_plan, matter.id, "分三步实施", [task, *tasks])
    return matter.id


def voting_on(desk, title: str, voters: list[str], option: str = "agree", **given) -> str:
    """A matter approved in review, so its assembly vote is open, and `voters` have voted."""
    matter_id = in_review(desk, title, **given)
    desk.run(records.record_review, matter_id, Review(CHECKED, True), actor="p-1001")
    for voter in voters:
        ballot = casting.Cast(voter, voter, option, None)
        desk.run(lambda move, b=ballot: casting.cast(desk.session, matter_id, b, move.now))
    return matter_id


def decided(desk, title: str, voters: list[str], **given) -> str:
    matter_id = voting_on(desk, title, voters, **given)
    desk.days(1)
    close(desk, matter_id)
    return matter_id


def close(desk, matter_id: str) -> None:
    desk.run(
        lambda move: closing.close(
            desk.session, move.outbox, matter_id, "staff-1", move.now, desk.policy
        )
    )


def page(desk, **query) -> dict:
    found = board.decisions_page(desk.session, COMMUNITY, FIRST_PAGE | query, desk.policy)
    return documented(found, "MattersPage")


def detail(desk, matter_id: str) -> dict:
    found = board.matter_page(desk.session, matter_id, desk.policy)
    return documented(found, "Matter")


def documented(found: dict, component: str) -> dict:
    """`found`, once it is checked to be what the OpenAPI document says the API answers."""
    document = openapi.document()
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        found
    )
    return found


def party(vote: dict, code: str) -> dict:
    return next(p for p in vote["parties"] if p["party"] == code)


def test_a_carried_and_a_failed_decision_show_their_tally_per_party_and_why(desk):
    carried = decided(desk, "下水道改造", CARRIED)
    failed = decided(desk, "物业费调整", NO_PROPERTY)

    found = page(desk)
    listed = found["matters"]

    assert [m["id"] for m in listed] == [failed, carried]  # newest decision first
    no, yes = listed[0]["vote"], listed[1]["vote"]
    assert (yes["carried"], yes["verdict"], yes["reasons"]) == (True, "通过", [])
    assert yes["counts"] == {"agree": 18, "abstain": 0, "disagree": 0, "block": 0}
    assert yes["turnout"] == {"eligible": 30, "took_part": 18, "by_proxy": 0}
    assert party(yes, "property_company") == {
        "party": "property_company",
        "name": "物业公司",
        "counts": {"agree": 1, "abstain": 0, "disagree": 0, "block": 0},
        "turnout": {"eligible": 1, "took_part": 1, "by_proxy": 0},
    }
    assert no["carried"] is False
    assert no["verdict"] == "未通过：物业公司一方未达到法定人数"
    assert no["reasons"] == [
        {"code": "party_quorum", "party": "property_company", "text": "物业公司一方未达到法定人数"}
    ]
    assert party(no, "property_company")["turnout"]["took_part"] == 0
    assert listed[0]["status"] == "deliberating"  # Xiguan sends it back to deliberate
    assert listed[1]["execution"] == {"done": 0, "all": 1}  # its task sent to routing
    assert listed[0]["evaluation"] is listed[1]["evaluation"] is None
    assert found["community_name"] == "西关第一社区"


def statements_of_a_page(desk) -> int:
    """How many SQL statements one page of the community's list costs."""
    counted = []
    engine = desk.session.get_bind()

    def listen(*_) -> None:
        counted.append(1)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        page(desk)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return len(counted)


def test_a_page_of_decisions_costs_the_same_statements_for_one_matter_as_for_three(desk):
    decided(desk, "下水道改造", CARRIED)
    one = statements_of_a_page(desk)
    decided(desk, "路灯维修", CARRIED)
    decided(desk, "物业费调整", NO_PROPERTY)
    assert len(page(desk)["matters"]) == 3
    assert statements_of_a_page(desk) == one  # no query per matter


def test_a_matter_shows_its_steps_with_dates_and_its_plan(desk):
    matter_id = decided(desk, "下水道改造", CARRIED)

    shown = detail(desk, matter_id)

    assert [s["id"] for s in shown["steps"]] == [
        "propose",
        "deliberate",
        "review",
        "resolve",
        "execute",
    ]
    assert [s["name"] for s in shown["steps"]][:4] == ["提议", "商议", "审议", "决议"]
    assert all(s["at"] for s in shown["steps"])
    assert shown["steps"][-1]["why"] == "carried"
    assert shown["step"] == {"id": "execute", "name": "执行"}
    assert shown["process"] == {"id": "xiguan", "name": '西关"1+4+N"议事'}
    assert shown["plan"]["tasks"] == [
        {
            "title": "疏通主管道",
            "owner": "department:city-management",
            "due_at": None,
            "state": "assigned",  # sent to routing as the plan was carried
            "state_name": "已交办",
        }
    ]
    assert shown["evaluation"] is None
    assert shown["vote"]["verdict"] == "通过"


def test_an_open_vote_shows_that_it_is_open_and_nothing_of_its_count(desk):
    matter_id = voting_on(desk, "加装电梯", CARRIED[:5], option="disagree")

    shown = detail(desk, matter_id)

    assert shown["vote"] == {"state": "open", "opened_at": shown["vote"]["opened_at"]}
    assert set(shown["vote"]) == {"state", "opened_at"}
    assert page(desk)["matters"] == []  # not a decision until it closes


def test_a_matter_before_its_vote_has_none(desk):
    matter_id = in_review(desk, "加装电梯")
    assert detail(desk, matter_id)["vote"] is None


def test_what_people_wrote_is_masked_and_no_person_is_named(desk):
    volunteer = Task("清理杂物", "grid_worker", "gw-620502001001001", "blocked-sewer", "grid")
    matter_id = decided(
        desk,
        "请回电 13800138000",
        CARRIED,
        description="联系 zhang@example.com 或 138 0013 8000",
        tasks=(volunteer,),
    )

    shown = detail(desk, matter_id)

    assert shown["title"] == "请回电 [phone]"
    assert shown["description"] == "联系 [email] 或 [phone]"
    [task] = [task for task in shown["plan"]["tasks"] if task["title"] == "清理杂物"]
    assert task["owner"] == "grid_worker"  # a person by their kind alone
    text = json.dumps([shown, page(desk)], ensure_ascii=False)
    for person in ["gw-620502001001001", "p-1001", "p-1010", "staff-1", *REPRESENTATIVES]:
        assert person not in text
    assert "13800138000" not in text


def test_decisions_come_a_page_at_a_time_newest_first(desk):
    made = [decided(desk, f"议题 {n}", ["p-1001"]) for n in range(5)]

    assert all_pages(desk, limit=2) == [made[4:2:-1], made[2:0:-1], made[0:1]]


def all_pages(desk, limit: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        found = page(desk, cursor=cursor, limit=limit)
        pages.append([m["id"] for m in found["matters"]])
        cursor = found["next_cursor"]
        if cursor is None:
            return pages


def test_decisions_closed_at_the_same_moment_are_each_listed_once(desk):
    made = [voting_on(desk, f"议题 {n}", ["p-1001"]) for n in range(3)]
    for matter_id in made:
        close(desk, matter_id)  # the clock stands still: one moment for all three

    assert all_pages(desk, limit=1) == [[m] for m in sorted(made, reverse=True)] + [[]]


def test_an_unknown_community_or_matter_is_not_found(desk):
    with pytest.raises(NotFound, match="no community 620502009999"):
        board.decisions_page(desk.session, "620502009999", FIRST_PAGE, desk.policy)
    with pytest.raises(NotFound, match="no matter"):
        board.matter_page(desk.session, "00000000-0000-0000-0000-000000000000", desk.policy)
