"""Scoring's tables: who took part, by pseudonymous reference, for points rules to come."""

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table

from gongzhi.bus_tables import inbox_table, outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

participations = Table(
    "participations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("participant_ref", String(64), nullable=False),
    Column("kind", String(50), nullable=False),  # reported, ...
    Column("subject", String(100), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
)
