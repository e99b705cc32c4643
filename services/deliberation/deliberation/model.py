"""Deliberation's tables: the issues it may be asked to deliberate, as routing announced them."""

from sqlalchemy import Column, DateTime, MetaData, String, Table

from gongzhi.bus_tables import inbox_table, outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

known_issues = Table(
    "known_issues",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("category", String(100), nullable=False),
    Column("grid_code", String(50)),
    Column("tier", String(30), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
)
