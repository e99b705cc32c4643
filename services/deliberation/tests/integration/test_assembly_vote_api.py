"""The assembly vote over HTTP on the running service (real broker and database): Xiguan's
first community votes with one proxy and a paper ballot confirmed by a second staff member;
nothing of the count shows while it is open; the close publishes the result per party, a
recount equals it and the metrics count it; no log line of the vote's life carries a ballot's
option; each route refuses the roles not its own. A secret vote in Fuguo's community hands out
receipts and closes at its closes_at by the timer."""

import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from structlog.testing import capture_logs

from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
XIGUAN, FUGUO = "620502001001", "620502001002"
VOTE = "/api/v1/matters/{}/vote"
REPRESENTATIVES = [f"p-{n}" for n in range(1101, 1125)]  # residents_representatives
OTHERS = ["p-1001", "p-1009", "p-1125", "p-1010", "p-1011"]  # core, owners, property, social


def member(system, person: str) -> dict[str, str]:
    return {"X-Api-Key": system.key("deliberation", "member", person)}


def staff(system, name: str = "secretary-1") -> dict[str, str]:
    return {"X-Api-Key": system.key("deliberation", "staff", name)}


def post(system, path: str, headers: dict, **body):
    return system.post("deliberation", path, json=body, headers=headers)


def carries_an_option(line: str) -> bool:
    return re.search(r"\b(agree|disagree|abstain|block)\b", line) is not None


def test_an_assembly_votes_with_a_proxy_and_a_paper_ballot_and_the_result_is_published(
    system, caplog
):
    system.start("deliberation")
    caplog.set_level(logging.DEBUG)
    with capture_logs() as logged:
        closed = _vote_with_a_proxy_and_a_paper_ballot(system)
    said = [json.dumps(line, ensure_ascii=False, default=str) for line in logged]
    assert "vote_closed" in [line["event"] for line in logged]  # the capture works
    assert [line for line in said if carries_an_option(line)] == []
    assert [r.getMessage() for r in caplog.records if carries_an_option(r.getMessage())] == []
    vote = VOTE.format("m-xiguan-1")
    result = closed.json()["result"]
    assert result["carried"] is True
    assert result["counts"] == {"agree": 18, "abstain": 0, "disagree": 1, "block": 1}
    assert result["turnout"] == {"eligible": 30, "took_part": 20, "by_proxy": 1}
    assert system.get("deliberation", vote).json()["result"] == result  # public, no key
    recount = post(system, f"{vote}/recount", staff(system)).json()
    assert recount["equal"] is True
    assert recount["result"] == result
    assert system.metric("deliberation", "gongzhi_deliberation_votes_closed_total") == 1
    assert system.metric("deliberation", "gongzhi_deliberation_vote_turnout_count") == 5
    late = post(system, f"{vote}/ballots", member(system, "p-1103"), option="agree")
    assert (late.status_code, late.json()["error"]) == (409, "vote_closed")


def _vote_with_a_proxy_and_a_paper_ballot(system):
    """Open Xiguan's vote, cast, appoint, enter and confirm, check nothing shows, close."""
    vote = VOTE.format("m-xiguan-1")
    opened = post(system, vote, staff(system), community=XIGUAN)
    assert opened.status_code == 201, opened.text
    assert opened.json()["eligible"] == 30
    appointed = post(
        system,
        f"{vote}/proxies",
        member(system, "p-1102"),
        holder="p-1101",
        document="委托书 2026-041",
    )
    assert appointed.status_code == 201, appointed.text
    for person in ["p-1101", *REPRESENTATIVES[2:14], *OTHERS]:
        taken = post(system, f"{vote}/ballots", member(system, person), option="agree")
        assert taken.status_code == 201, taken.text
    by_proxy = post(
        system, f"{vote}/ballots", member(system, "p-1101"), option="disagree", voter="p-1102"
    )
    assert by_proxy.json() == {"voter": "p-1102", "cast_by": "p-1101", "replaced": False}
    paper = post(system, f"{vote}/paper-ballots", staff(system), voter="p-1124", option="block")
    assert paper.status_code == 201, paper.text
    number = paper.json()["id"]
    listed = system.get("deliberation", f"{vote}/paper-ballots", headers=staff(system)).json()
    assert listed["unconfirmed"][0]["voter"] == "p-1124"
    same = post(system, f"{vote}/paper-ballots/{number}/confirm", staff(system), option="block")
    assert same.status_code == 409
    confirmed = post(
        system, f"{vote}/paper-ballots/{number}/confirm", staff(system, "clerk-2"), option="block"
    )
    assert confirmed.status_code == 200, confirmed.text

    while_open = system.get("deliberation", vote).json()
    assert while_open["state"] == "open"
    assert while_open["result"] is None
    assert system.metric("deliberation", "gongzhi_deliberation_vote_turnout_count") == 0

    closed = post(system, f"{vote}/close", staff(system))
    assert closed.status_code == 200, closed.text
    return closed


def test_a_secret_vote_hands_out_receipts_and_closes_by_its_time(system):
    system.start("deliberation")
    vote = VOTE.format("m-fuguo-1")
    closes_at = datetime.now(UTC) + timedelta(seconds=3)
    opened = post(system, vote, staff(system), community=FUGUO, closes_at=closes_at.isoformat())
    assert opened.json()["rules"]["secret"] is True
    taken = post(system, f"{vote}/ballots", member(system, "p-2001"), option="agree")
    assert taken.status_code == 201, taken.text
    assert len(taken.json()["receipt"]) > 30
    again = post(
        system,
        f"{vote}/ballots",
        member(system, "p-2001"),
        option="disagree",
        receipt=taken.json()["receipt"],
    )
    assert (again.status_code, again.json()["error"]) == (409, "second_ballot")  # change_vote off
    assert system.get("deliberation", vote).json()["result"] is None
    for counted in ("votes_closed_total", "vote_failures_total", "vote_turnout_count"):
        assert system.metric("deliberation", f"gongzhi_deliberation_{counted}") == 0
    closed = eventually(lambda: system.get("deliberation", vote).json()["result"], timeout=20)
    assert closed["counts"]["agree"] == 1
    assert "quorum" in [reason["code"] for reason in closed["reasons"]]
    assert eventually(
        lambda: system.metric("deliberation", "gongzhi_deliberation_vote_failures_total")
    )


ROUTES = [
    ("POST", "", {"community": XIGUAN}, "staff"),
    ("POST", "/ballots", {"option": "agree"}, "member"),
    ("POST", "/paper-ballots", {"voter": "p-1101", "option": "agree"}, "staff"),
    ("GET", "/paper-ballots", None, "staff"),
    ("POST", "/paper-ballots/1/confirm", {"option": "agree"}, "staff"),
    ("POST", "/close", {}, "staff"),
    ("POST", "/recount", {}, "staff"),
    ("POST", "/proxies", {"holder": "p-1103", "voter": "p-1104", "document": "x"}, "staff"),
]


@pytest.mark.parametrize(("method", "tail", "body", "role"), ROUTES)
def test_each_route_refuses_every_role_but_its_own_and_no_key(system, method, tail, body, role):
    system.start("deliberation")
    vote = VOTE.format("m-roles")
    assert post(system, vote, staff(system), community=XIGUAN).status_code == 201
    other = {"member": staff(system), "staff": member(system, "p-1101")}[role]
    for headers in (other, {}):
        answer = (
            system.post("deliberation", vote + tail, json=body, headers=headers)
            if (method == "POST")
            else system.get("deliberation", vote + tail, headers=headers)
        )
        assert answer.status_code == 403, answer.text
        assert answer.json()["error"] == "forbidden"
