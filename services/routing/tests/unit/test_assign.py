"""Where a report goes: its grid, the tier its category settles at ("三不出"), the owner the
district's routing table names there, and the co-handlers of joint handling."""

from sqlalchemy import select

from routing import assign, model
from routing.grid_index import GridIndex

STREET = "620502001"
FIRST_GRID, SECOND_GRID = "620502001001001", "620502001001002"  # side by side
COMMUNITY = "620502001001"


def inside(district, code: str) -> tuple[float, float]:
    point = district.grid(code).polygon.representative_point()
    return point.x, point.y


def shared_edge_midpoint(district) -> tuple[float, float]:
    edge = district.grid(FIRST_GRID).polygon.intersection(district.grid(SECOND_GRID).polygon)
    assert edge.length > 0, "the two sample grids should share an edge"
    point = edge.interpolate(0.5, normalized=True)
    return point.x, point.y


def decide(policy, category: str, point) -> assign.Decision:
    return assign.decide(policy.district, policy.index, category, point)


def test_a_small_matter_goes_to_the_grid_worker_of_its_grid(policy, district):
    decision = decide(policy, "blocked-sewer", inside(district, SECOND_GRID))
    assert (decision.grid.code, decision.placed, decision.tier) == (SECOND_GRID, "inside", "grid")
    assert decision.owner == assign.Owner("grid_worker", f"gw-{SECOND_GRID}")
    assert decision.community == COMMUNITY


def test_a_general_dispute_goes_to_the_community_workstation(policy, district):
    decision = decide(policy, "family-dispute", inside(district, FIRST_GRID))
    assert (decision.tier, decision.owner) == ("community", assign.Owner("community", COMMUNITY))


def test_the_routing_table_names_a_department_and_its_co_handlers(policy, district):
    decision = decide(policy, "dangerous-house", inside(district, FIRST_GRID))
    assert (decision.tier, decision.owner) == ("street", assign.Owner("department", "housing"))
    assert decision.co_handlers == ((assign.Owner("street", STREET), "组织居民临时撤离"),)


def test_a_co_handler_by_role_falls_back_to_the_grid_community_without_one(policy, district):
    decision = decide(policy, "blocked-fire-lane", inside(district, FIRST_GRID))
    # The sample grids have no grid police on their rosters: the community stands in.
    assert decision.co_handlers == ((assign.Owner("community", COMMUNITY), "劝离占道车辆"),)


def test_a_report_outside_every_grid_goes_to_the_street(policy):
    decision = decide(policy, "blocked-sewer", (105.0, 34.0))
    assert (decision.grid, decision.placed, decision.tier) == (None, "none", "street")
    assert decision.owner == assign.Owner("street", STREET)


def test_a_report_just_outside_the_edge_goes_to_the_nearest_grid(policy, district):
    west = district.grid(FIRST_GRID).polygon.bounds[0]
    decision = decide(policy, "blocked-sewer", (west - 0.0005, inside(district, FIRST_GRID)[1]))
    assert (decision.grid.code, decision.placed) == (FIRST_GRID, "nearest")  # ~46 m out


def test_a_report_on_the_edge_of_two_grids_goes_to_the_grid_with_the_smaller_code(policy, district):
    assert decide(policy, "blocked-sewer", shared_edge_midpoint(district)).grid.code == FIRST_GRID


def test_the_edge_rule_does_not_depend_on_the_order_grids_are_loaded(district):
    backwards = GridIndex.build(tuple(reversed(district.leaf_grids())))
    assert backwards.locate(*shared_edge_midpoint(district)).code == FIRST_GRID


def test_the_ladder_goes_up_and_down_one_rung(district):
    assert assign.next_tier(district, "grid", 1) == "community"
    assert assign.next_tier(district, "community", -1) == "grid"
    assert assign.next_tier(district, "district", 1) is None
    assert assign.next_tier(district, "grid", -1) is None


def test_the_assignment_is_kept_and_announced_as_caused_by_the_report(desk, session):
    desk.report("r1", "blocked-sewer", (105.0, 34.0))
    issue = session.execute(select(model.issues)).mappings().one()
    assert (issue["id"], issue["owner_id"], issue["status"]) == ("r1", STREET, "assigned")
    [transitioned, assigned] = desk.events()
    assert (transitioned.type, assigned.type) == (
        "routing.issue.transitioned.v1",
        "routing.issue.assigned.v1",
    )
    assert (assigned.subject, assigned.correlationid) == ("r1", "c1")


def test_a_report_in_no_grid_belongs_to_no_community(policy):
    assert decide(policy, "blocked-sewer", None).community is None
