"""Routing's decisions: find the grid, pick the owner, announce the assignment."""

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from gongzhi.district import District
from gongzhi.envelope import Event
from gongzhi.outbox import Outbox
from routing.events import ISSUE_ASSIGNED
from routing.model import GridIndex, issues


def route_report(
    event: Event,
    *,
    session: Session,
    outbox: Outbox,
    clock: Any,
    district: District,
    index: GridIndex,
) -> None:
    report = event.data
    location = report["location"]
    grid = index.locate(location["long"], location["lat"]) if location else None
    if grid is not None and grid.grid_worker is not None:
        tier, owner = "grid", {"kind": "grid_worker", "id": grid.grid_worker.id}
        grid_ref: dict[str, str] | None = {"code": grid.code, "name": grid.name}
    else:
        # Outside every leaf grid, or an address with no point: the street takes it and
        # places it (the top of the district's tree).
        top = district.grids[0]
        tier, owner, grid_ref = "street", {"kind": "street", "id": top.code}, None
    now = clock.now()
    session.execute(
        insert(issues).values(
            id=report["report_id"],
            category=report["category"],
            grid_code=grid_ref["code"] if grid_ref else None,
            tier=tier,
            owner_kind=owner["kind"],
            owner_id=owner["id"],
            status="assigned",
            assigned_at=now,
        )
    )
    outbox.add(
        ISSUE_ASSIGNED,
        {
            "issue_id": report["report_id"],
            "category": report["category"],
            "grid": grid_ref,
            "tier": tier,
            "owner": owner,
            "assigned_at": now.isoformat(),
        },
        subject=report["report_id"],
    )
