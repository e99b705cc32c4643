"""A step past its deadline is warned about through the running services: deliberation's
sweeper sends `deliberation.step.warned` once, and notify tells those who act on the step
(the parties it names), each in their inbox, by the sample district's rule and template."""

from datetime import UTC, datetime

import pytest

from deliberation.openapi import MATTER_EXAMPLE
from gongzhi.testing.system import eventually
from gongzhi.testing.units import FakeClock

pytestmark = pytest.mark.integration
WEDNESDAY = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 10:00 in Xiguan


def inbox(system, person: str) -> list[str]:
    key = {"X-Api-Key": system.key("notify", "staff", person)}
    return [
        m["title"] for m in system.get("notify", "/api/v1/inbox", headers=key).json()["messages"]
    ]


def test_a_lapsed_step_is_told_to_those_who_act_on_it_once(system):
    system.clock = clock = FakeClock(WEDNESDAY)
    system.start("deliberation", "notify")
    staff = {"X-Api-Key": system.key("deliberation", "staff", "staff-1")}
    opened = system.post("deliberation", "/api/v1/matters", json=MATTER_EXAMPLE, headers=staff)
    assert opened.json()["step"] == "deliberate", opened.text  # due in 10 working days

    clock.advance(20 * 86400)

    warning = "议事逾期:停车难(商议)"
    for person in ("p-1001", "p-1009"):  # xiguan's deliberate step is the whole council's
        told = eventually(lambda p=person: warning in inbox(system, p), timeout=30, interval=0.25)
        assert told
    clock.advance(86400)
    eventually(lambda: system.metric("deliberation", "gongzhi_deliberation_overdue_steps") == 1)
    assert inbox(system, "p-1001").count(warning) == 1
