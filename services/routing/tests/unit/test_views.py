"""Work queues, most urgent first, and the counts behind the tier pyramid and the metrics."""

from datetime import timedelta

from routing import views

GRID = "620502001001001"
COMMUNITY = "620502001001"


def point(district, code: str = GRID) -> tuple[float, float]:
    inside = district.grid(code).polygon.representative_point()
    return inside.x, inside.y


def ids(found: list[dict]) -> list[str]:
    return [case["issue_id"] for case in found]


def test_a_grid_workers_queue_puts_the_most_urgent_first(desk, district):
    desk.report("green", "blocked-sewer", point(district))
    desk.at(desk.clock.now() + timedelta(hours=1))
    desk.report("late", "neighbour-dispute", point(district))
    desk.at(desk.clock.now() + timedelta(hours=4))  # "green"'s response clock: yellow
    desk.act("late", "accept")
    desk.sweep()
    queue = views.Queue(owner=("grid_worker", f"gw-{GRID}"))
    found = views.work(desk.session, queue, limit=10)
    assert ids(found) == ["green", "late"]
    assert [case["light"] for case in found] == ["yellow", "green"]


def test_a_communitys_queue_holds_the_cases_of_its_grids(desk, district):
    desk.report("in", "blocked-sewer", point(district))
    desk.report("out", "blocked-sewer", point(district, "620502001002001"))
    assert ids(views.work(desk.session, views.Queue(community=COMMUNITY), limit=10)) == ["in"]


def test_a_departments_queue_holds_what_it_leads_and_what_it_helps_with(desk, district):
    desk.report("lead", "heating-pipe", point(district))  # community tier: not housing yet
    desk.report("dangerous", "dangerous-house", point(district))  # street: housing leads
    desk.report("illegal", "illegal-structure", point(district))  # housing co-handles
    queue = views.Queue(department="housing")
    assert sorted(ids(views.work(desk.session, queue, limit=10))) == ["dangerous", "illegal"]


def test_closed_cases_leave_the_queues(desk, district):
    desk.report("r1", "blocked-sewer", point(district))
    desk.settle("r1")
    desk.act("r1", "close", actor="supervisor")
    assert (
        views.work(desk.session, views.Queue(owner=("grid_worker", f"gw-{GRID}")), limit=10) == []
    )


def test_the_tier_pyramid_counts_open_and_settled_cases_per_tier(desk, district):
    desk.report("grid", "blocked-sewer", point(district))
    desk.report("community", "family-dispute", point(district))
    desk.settle("grid")
    rows = {row["tier"]: row for row in views.stats(desk.session, "tier")}
    assert (rows["grid"]["open"], rows["grid"]["settled"]) == (0, 1)
    assert rows["grid"]["settled_share"] == 1.0
    assert (rows["community"]["open"], rows["community"]["settled"]) == (1, 0)


def test_open_counts_for_the_metrics(desk, district):
    desk.report("r1", "dangerous-house", point(district))
    desk.report("r2", "blocked-sewer", point(district))
    counts = views.open_count(desk.session)
    assert counts.by_light_tier_kind == {
        ("green", "street", "department"): 1,
        ("green", "grid", "grid_worker"): 1,
    }
    assert counts.by_department == {"housing": 1}
    assert counts.unscheduled == 0
