"""One matter, one rating through the running scoring service and the real broker: a report and
a co-report (附议) reach scoring, routing's resolution reaches it, and notify's queue takes the
invitation with each reporter's own link; the link's page shows the masked answer; a verdict
through it (JSON, or the page's form) goes to routing's queue once; a used link is 409, a
forged one 404; a staff follow-up (回访) needs an operator's or the case's organiser's key; the
public scores a published answer without a key; the metrics count it all."""

import json
import uuid

import pytest

from gongzhi.catalogue import queue_for
from gongzhi.envelope import Event
from gongzhi.testing.bus import publish, take_until
from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
GRID = {"code": "620502001001001", "name": "西关第一社区第1网格"}
ANSWER = {"text": "管道已疏通。有事请找王师傅13912345678", "photos": []}


def send(system, type_: str, data: dict) -> None:
    district = system.district.code
    emitter = type_.split(".", 1)[0]
    source = f"/gongzhi/{district}/{emitter}"
    event = Event(type=type_, source=source, data=data, district=district, correlationid="c")
    publish(system.amqp_uri, f"gongzhi.{emitter}", type_, event.to_json(), message_id=event.id)


def reported(system, case: str, ref: str, co: bool) -> None:
    data = {"report_id": case, "category": "blocked-sewer", "reporter_ref": ref, "channel": "app"}
    data["submitted_at"] = "2026-12-02T09:12:00+08:00"
    if co:
        send(system, "intake.report.corroborated.v1", {**data, "co_reports": 1})
    else:
        more = {"location": None, "description": "下水道堵了"}
        send(system, "intake.report.submitted.v1", {**data, **more})


def resolved(system, case: str) -> None:
    clock = {"clock": "resolution", "calendar": "working", "light": "green"}
    clock |= {"started_at": "2026-12-02T09:15:00+08:00", "stopped_at": None}
    clock |= {"deadline": None, "yellow_at": None, "red_at": None}
    data = {
        "issue_id": case,
        "category": "blocked-sewer",
        "grid": GRID,
        "tier": "grid",
        "owner": {"kind": "grid_worker", "id": "gw-620502001001001"},
        "status": "resolved",
        "light": None,
        "assigned_at": "2026-12-02T09:15:00+08:00",
        "paused": False,
        "clocks": [clock],
        "co_handlers": [],
        "action": "resolve",
        "actor": "owner",
        "reason": "",
        "from_status": "replied",
        "from_owner": None,
        "from_tier": "grid",
        "answer": ANSWER,
        "at": "2026-12-08T16:00:00+08:00",
    }
    send(system, "routing.issue.transitioned.v1", data)


def taken(system, consumer: str, event_type: str, count: int) -> list[dict]:
    found = take_until(system.amqp_uri, queue_for(consumer, event_type), count)
    return [json.loads(message.body)["data"] for message in found]


@pytest.fixture
def invited(system):
    """A case reported twice and resolved: each reporter's token, by ref."""
    system.start("scoring")
    case = str(uuid.uuid4())
    reported(system, case, "ref-reporter", co=False)
    reported(system, case, "ref-neighbour", co=True)
    eventually(lambda: system.metric("scoring", "gongzhi_scoring_points_issued_total") == 2)
    resolved(system, case)
    [invitation] = taken(system, "notify", "scoring.rating.invited.v1", 1)
    links = invitation["per_recipient"]
    return case, {ref: own["link"].rsplit("/r/", 1)[1] for ref, own in links.items()}


def test_each_reporter_rates_once_through_their_own_link_and_routing_hears(system, invited):
    case, tokens = invited
    assert set(tokens) == {"ref-reporter", "ref-neighbour"}
    page = system.get("scoring", f"/r/{tokens['ref-reporter']}")
    assert page.status_code == 200
    assert "管道已疏通" in page.text
    assert "13912345678" not in page.text
    assert 'name="reasons" value="not_fixed"' in page.text
    assert f'action="../api/v1/ratings/{tokens["ref-reporter"]}"' in page.text  # /r/ + ../

    said = {"verdict": "unsatisfied", "reasons": ["not_fixed"], "comment": "还在漏"}
    first = system.post("scoring", f"/api/v1/ratings/{tokens['ref-reporter']}", json=said)
    assert first.status_code == 201, first.text
    again = system.post("scoring", f"/api/v1/ratings/{tokens['ref-reporter']}", json=said)
    assert (again.status_code, again.json()["error"]) == (409, "used")
    forged = system.post("scoring", f"/api/v1/ratings/{tokens['ref-reporter']}x", json=said)
    assert forged.status_code == 404
    form = {"verdict": "satisfied", "comment": ""}
    posted = system.post("scoring", f"/api/v1/ratings/{tokens['ref-neighbour']}", data=form)
    assert posted.status_code == 201
    assert "感谢您的评价" in posted.text

    recorded = taken(system, "routing", "scoring.rating.recorded.v1", 2)
    assert [(r["issue_id"], r["verdict"], r["source"]) for r in recorded] == [
        (case, "unsatisfied", "resident"),
        (case, "satisfied", "resident"),
    ]
    assert recorded[0]["owner"] == {"kind": "grid_worker", "id": "gw-620502001001001"}
    assert recorded[0]["community"] == "620502001001"
    assert "还在漏" not in json.dumps(recorded, ensure_ascii=False)
    assert system.get("scoring", f"/r/{tokens['ref-reporter']}").status_code == 409
    assert system.metric("scoring", "gongzhi_scoring_ratings_total") == 2
    assert system.metric("scoring", "gongzhi_scoring_rating_invitations_total") == 2


def test_a_follow_up_needs_a_staff_key_of_the_cases_community(system, invited):
    case, _ = invited
    path, said = f"/api/v1/issues/{case}/follow-ups", {"verdict": "satisfied", "method": "visit"}
    app = {"X-Api-Key": system.key("scoring", "resident_app")}
    assert system.post("scoring", path, json=said, headers=app).status_code == 403
    elsewhere = {"X-Api-Key": system.key("scoring", "organiser", "620502001002")}
    assert system.post("scoring", path, json=said, headers=elsewhere).status_code == 404
    own = {"X-Api-Key": system.key("scoring", "organiser", "620502001001")}
    done = system.post("scoring", path, json=said, headers=own)
    assert done.status_code == 201, done.text
    assert done.json()["source"] == "follow_up"
    unknown = system.post("scoring", "/api/v1/issues/nope/follow-ups", json=said, headers=own)
    assert unknown.status_code == 404


def test_the_public_scores_a_published_answer_without_a_key(system, invited):
    case, _ = invited
    path = f"/api/v1/public/issues/{case}/scores"
    for verdict in ("satisfied", "satisfied", "unsatisfied"):
        assert system.post("scoring", path, json={"verdict": verdict}).status_code == 201
    shown = system.get("scoring", path).json()
    assert shown["counts"] == {"satisfied": 2, "basically": 0, "unsatisfied": 1}
    assert shown["satisfaction"] == pytest.approx(2 / 3, abs=1e-4)
    assert "13912345678" not in shown["answer"]
    assert system.post("scoring", path, json={"verdict": "great"}).status_code == 400
    assert system.get("scoring", "/api/v1/public/issues/nope/scores").status_code == 404
