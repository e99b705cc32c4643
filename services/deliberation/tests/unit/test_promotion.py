"""Routing's cases promoted to a matter: by a supervisor (one or several known cases, of one
community), or by the district's rule (co-reports over a threshold, an escalation to the street,
red twice), the case then joining its community's open promoted matter. Promoted cases stay
linked, each in one matter; a refusal writes nothing."""

import pytest

from deliberation import chain, handlers
from deliberation.model import matter_cases, matters
from deliberation.promotion import Promotion, promote
from deliberation.refusals import NotFound, Refused
from gongzhi.testing.units import an_event, outbox_for

GRIDS = ("620502001001001", "620502001001002", "620502001001003")  # community 620502001001
OTHER_COMMUNITY_GRID = "620502001002001"


def hear(desk, type_: str, data: dict) -> None:
    """An event as the service's handler applies it, in one unit of work."""
    handler = {
        "routing.issue.assigned.v1": handlers.remember_issue,
        "intake.report.corroborated.v1": handlers.count_co_reports,
        "routing.issue.light_changed.v1": handlers.count_red,
        "routing.issue.transitioned.v1": handlers.follow_task,
        "intake.report.submitted.v1": handlers.remember_reporter,
    }[type_]
    event = an_event(type_, data)
    outbox = outbox_for(
        desk.session, matters.metadata, desk.clock, service="deliberation", cause=event
    )
    handler(event, session=desk.session, outbox=outbox, clock=desk.clock, policy=desk.policy)
    desk.session.commit()


def assigned(issue_id: str, grid: str, tier: str = "grid", action: str = "assign") -> dict:
    return {
        "issue_id": issue_id,
        "category": "blocked-sewer",
        "grid": {"code": grid, "name": "网格"},
        "tier": tier,
        "action": action,
        "owner": {"kind": "grid_worker", "id": f"gw-{grid}"},
        "assigned_at": "2024-05-06T09:31:00+00:00",
    }


def known(desk, *issues: tuple[str, str]) -> None:
    for issue_id, grid in issues:
        hear(desk, "routing.issue.assigned.v1", assigned(issue_id, grid))


def by_supervisor(*issue_ids: str, into: str | None = None) -> Promotion:
    return Promotion(issue_ids, "下水道反复堵塞", "三处下水道同一周堵塞", into=into)


def test_a_supervisor_promotes_three_cases_to_one_matter(desk):
    known(desk, *zip(("c1", "c2", "c3"), GRIDS, strict=True))

    matter = desk.run(promote, by_supervisor("c1", "c2", "c3"), actor="gs-620502001")

    assert (matter.community, matter.origin, matter.step) == (
        "620502001001",
        "promoted",
        "deliberate",
    )
    links = desk.rows(matter_cases)
    assert sorted((row["issue_id"], row["matter_id"]) for row in links) == [
        ("c1", matter.id),
        ("c2", matter.id),
        ("c3", matter.id),
    ]
    [opened] = desk.events("deliberation.matter.opened.v1")
    assert sorted(opened.data["issue_ids"]) == ["c1", "c2", "c3"]
    kinds = [entry.kind for entry in chain.entries(desk.session, matter.id)]
    assert kinds == ["raised", "cases_promoted", "opened", "stepped"]


def test_a_promoted_case_can_join_an_open_matter(desk):
    known(desk, ("c1", GRIDS[0]), ("c2", GRIDS[1]))
    matter = desk.run(promote, by_supervisor("c1"))

    joined = desk.run(promote, by_supervisor("c2", into=matter.id))

    assert joined.id == matter.id
    assert {row["issue_id"]: row["matter_id"] for row in desk.rows(matter_cases)} == {
        "c1": matter.id,
        "c2": matter.id,
    }


def test_unknown_cases_taken_cases_and_mixed_communities_are_refused(desk):
    known(desk, ("c1", GRIDS[0]), ("c2", OTHER_COMMUNITY_GRID))
    with pytest.raises(NotFound, match="no case c9"):
        desk.run(promote, by_supervisor("c1", "c9"))
    with pytest.raises(Refused, match="different communities"):
        desk.run(promote, by_supervisor("c1", "c2"))
    assert desk.rows(matters) == []
    assert desk.rows(matter_cases) == []

    desk.run(promote, by_supervisor("c1"))
    with pytest.raises(Refused, match="case c1 is in matter"):
        desk.run(promote, by_supervisor("c1"))


def test_a_case_co_reported_past_the_threshold_is_promoted_once_known(desk):
    corroborated = {
        "report_id": "c1",
        "category": "blocked-sewer",
        "reporter_ref": None,
        "channel": "app",
        "submitted_at": "2024-05-06T09:40:00+00:00",
    }
    hear(desk, "intake.report.corroborated.v1", {**corroborated, "co_reports": 10})
    assert desk.rows(matters) == []  # routing has not assigned it yet

    known(desk, ("c1", GRIDS[0]))

    [matter] = desk.rows(matters)
    assert (matter["origin"], matter["title"]) == ("promoted", "下水道堵塞(多人附议)")
    assert [(row["issue_id"], row["reason"]) for row in desk.rows(matter_cases)] == [
        ("c1", "co_reports")
    ]


def test_a_case_escalated_to_the_street_or_red_twice_is_promoted_and_joins_the_open_one(desk):
    known(desk, ("c1", GRIDS[0]), ("c2", GRIDS[1]))
    hear(desk, "routing.issue.assigned.v1", assigned("c1", GRIDS[0], "community", "escalate"))
    assert desk.rows(matters) == []
    hear(desk, "routing.issue.assigned.v1", assigned("c1", GRIDS[0], "street", "escalate"))
    red = {
        "issue_id": "c2",
        "category": "blocked-sewer",
        "clock": "reply",
        "from_light": "yellow",
        "to_light": "red",
        "tier": "grid",
        "owner": {"kind": "grid_worker", "id": "gw-1"},
        "at": "2024-05-07T09:31:00+00:00",
    }
    hear(desk, "routing.issue.light_changed.v1", red)
    assert len(desk.rows(matter_cases)) == 1
    hear(desk, "routing.issue.light_changed.v1", {**red, "clock": "resolve"})

    [matter] = desk.rows(matters)
    reasons = {
        row["issue_id"]: (row["matter_id"], row["reason"]) for row in desk.rows(matter_cases)
    }
    assert reasons == {"c1": (matter["id"], "escalated"), "c2": (matter["id"], "red")}
