"""Notify's tables: the delivery log."""

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text

from gongzhi.bus_tables import inbox_table, outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject", String(100), nullable=False),  # what it is about, e.g. an issue id
    Column("recipient", String(100), nullable=False),  # a roster id, never a phone number
    Column("channel", String(50), nullable=False),
    Column("template", String(100), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(30), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_deliveries_subject", "subject"),
)

# Who must hear the outcome of a subject besides its owner: co-reporters (附议), by reference.
watchers = Table(
    "watchers",
    metadata,
    Column("subject", String(100), primary_key=True),
    Column("watcher_ref", String(64), primary_key=True),
    Column("since", DateTime(timezone=True), nullable=False),
)
