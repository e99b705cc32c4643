"""Routing's tables and the grid index. Nothing here imports nameko."""

from dataclasses import dataclass

import shapely
from shapely import STRtree
from sqlalchemy import Column, DateTime, MetaData, String, Table

from gongzhi.bus_tables import inbox_table, outbox_table
from gongzhi.district import Grid

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

issues = Table(
    "issues",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("category", String(100), nullable=False),
    Column("grid_code", String(50)),
    Column("tier", String(30), nullable=False),
    Column("owner_kind", String(50), nullable=False),
    Column("owner_id", String(100), nullable=False),
    Column("status", String(30), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class GridIndex:
    """Point-in-polygon over the leaf grids with an STRtree.

    A point on an edge shared by two grids belongs to the grid with the smaller code, so the
    answer never depends on load order.
    """

    grids: tuple[Grid, ...]
    tree: STRtree

    @classmethod
    def build(cls, leaf_grids: tuple[Grid, ...]) -> "GridIndex":
        grids = tuple(g for g in leaf_grids if g.polygon is not None)
        return cls(grids, STRtree([g.polygon for g in grids]))

    def locate(self, long: float, lat: float) -> Grid | None:
        point = shapely.Point(long, lat)
        hits = self.tree.query(point, predicate="covered_by")
        if len(hits) == 0:
            return None
        return min((self.grids[i] for i in hits), key=lambda g: g.code)
