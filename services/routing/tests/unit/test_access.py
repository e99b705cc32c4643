"""Who may act on a case through the HTTP API, by the role of their key: owners on their own
cases, supervisors on any, viewers on none, and nobody as the system."""

import pytest

from gongzhi.apikeys import Holder
from routing import access

GRID = "620502001001001"  # 西关第一社区第1网格
GRID_WORKER = f"gw-{GRID}"


def key(name: str, role: str) -> Holder:
    return Holder("k1", name, role)


@pytest.fixture
def case(desk, district) -> str:
    point = district.grid(GRID).polygon.representative_point()
    desk.report("r1", "blocked-sewer", (point.x, point.y))
    return "r1"


class TestOwners:
    @pytest.mark.parametrize(
        ("role", "holder"), [("grid_worker", GRID_WORKER), ("staff", "620502001001")]
    )
    def test_an_owner_role_acts_as_owner_on_a_case_it_owns(self, role, holder):
        assert access.refusal(key(holder, role), "owner", holder) is None

    def test_a_grid_worker_may_not_act_on_another_grid_workers_case(self):
        reason = access.refusal(key("gw-620502001001002", "grid_worker"), "owner", GRID_WORKER)

        assert reason == f"gw-620502001001002 does not own this case: {GRID_WORKER} does"

    @pytest.mark.parametrize("role", ["grid_worker", "staff"])
    def test_an_owner_role_may_not_act_as_supervisor_even_on_its_own_case(self, role):
        reason = access.refusal(key(GRID_WORKER, role), "supervisor", GRID_WORKER)

        assert reason == f"a {role} key may not act as supervisor"

    def test_the_check_reads_the_owner_from_the_case(self, session, case):
        access.check(session, key(GRID_WORKER, "grid_worker"), case, "owner")

        with pytest.raises(access.Forbidden, match="does not own this case"):
            access.check(session, key("housing", "staff"), case, "owner")

    def test_an_unknown_case_is_left_for_the_action_to_answer(self, session):
        access.check(session, key(GRID_WORKER, "grid_worker"), "nope", "owner")


class TestOversight:
    def test_a_supervisor_acts_as_supervisor_on_any_case(self, session, case):
        assert access.refusal(key("gs-620502001", "supervisor"), "supervisor", None) is None
        access.check(session, key("gs-620502001", "supervisor"), case, "supervisor")

    def test_a_supervisor_may_not_act_as_the_owner(self, session, case):
        with pytest.raises(access.Forbidden, match="a supervisor key may not act as owner"):
            access.check(session, key(GRID_WORKER, "supervisor"), case, "owner")

    @pytest.mark.parametrize("actor", ["owner", "supervisor", "system"])
    def test_a_viewer_may_not_act_at_all(self, session, case, actor):
        with pytest.raises(access.Forbidden, match=f"a viewer key may not act as {actor}"):
            access.check(session, key(GRID_WORKER, "viewer"), case, actor)

    @pytest.mark.parametrize("role", ["grid_worker", "staff", "supervisor", "viewer"])
    def test_no_key_acts_as_the_system(self, role):
        assert access.refusal(key(GRID_WORKER, role), "system", GRID_WORKER) is not None


class TestActorId:
    def test_the_actor_id_is_the_keys_holder(self):
        action = {"action": "accept", "actor": "owner"}

        assert access.signed(action, key(GRID_WORKER, "grid_worker"))["actor_id"] == GRID_WORKER

    def test_the_holders_own_actor_id_may_be_given(self):
        action = {"action": "accept", "actor": "owner", "actor_id": GRID_WORKER}

        assert access.signed(action, key(GRID_WORKER, "grid_worker")) == action

    def test_another_actor_id_is_refused(self):
        action = {"action": "accept", "actor": "owner", "actor_id": "gw-620502001001002"}

        with pytest.raises(access.NotTheHolder, match="not this key's holder"):
            access.signed(action, key(GRID_WORKER, "grid_worker"))
