"""Issue 14's project claiming over the real bus: scoring and notify run; an organiser publishes
a resident's need, a volunteer claims it through the resident app and reports it done, the
resident who ordered it rates it satisfied; the volunteer has the points, the organiser's list
shows it confirmed, and the community's workstation, which published it, finds each step in its
notify inbox."""

import pytest

from gongzhi.testing.system import eventually

pytestmark = pytest.mark.integration
COMMUNITY = "620502001001"
NEED = {"kind": "basic", "title": "帮独居老人买菜", "points": 10, "ordered_by": "ref-1"}


def test_a_project_claimed_done_and_rated_reaches_its_community_and_pays_its_claimant(system):
    system.start("scoring", "notify")
    operator, organiser = (system.key("scoring", r, COMMUNITY) for r in ("operator", "organiser"))
    app = system.key("scoring", "resident_app", "app-1")
    person = {"person": "p-1", "community": COMMUNITY, "role": "volunteer"}
    registered = system.post(
        "scoring", "/api/v1/people", json=person, headers={"X-Api-Key": operator}
    )
    assert registered.status_code == 201, registered.text
    made = system.post("scoring", "/api/v1/projects", json=NEED, headers={"X-Api-Key": organiser})
    project = f"/api/v1/projects/{made.json()['id']}"
    steps = (("claims", {"person": "p-1"}), ("done", {"person": "p-1"}))
    steps += (("rating", {"resident": "ref-1", "verdict": "satisfied"}),)
    for path, body in steps:
        done = system.post("scoring", f"{project}/{path}", json=body, headers={"X-Api-Key": app})
        assert done.status_code == 200, done.text
    paid = system.get("scoring", "/api/v1/people/p-1", headers={"X-Api-Key": operator})
    assert paid.json()["balance"] == 10
    followed = system.get("scoring", "/api/v1/projects", headers={"X-Api-Key": organiser})
    shown = [(p["status"], p["claimant"], p["verdict"]) for p in followed.json()["projects"]]
    assert shown == [("confirmed", "person:p-1", "satisfied")]
    workstation = {"X-Api-Key": system.key("notify", "staff", COMMUNITY)}

    def told():
        messages = system.get("notify", "/api/v1/inbox", headers=workstation).json()["messages"]
        return messages if len(messages) == 3 else None

    titles = sorted(message["title"] for message in eventually(told, interval=0.25))
    assert titles == sorted(
        f"项目{step}:帮独居老人买菜" for step in ("已被认领", "已完成", "已确认")
    )
