"""Intake's tables. Contact details live here and nowhere else."""

from sqlalchemy import Column, DateTime, Float, MetaData, String, Table, Text

from gongzhi.bus_tables import inbox_table, outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

reports = Table(
    "reports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("category", String(100), nullable=False),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("description", Text, nullable=False),
    Column("channel", String(50), nullable=False),
    Column("reporter_contact", String(200)),  # private: never in an event, a log or a read API
    Column("reporter_ref", String(64)),
    Column("status", String(30), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    # What routing announced, as intake learned it from events.
    Column("grid_code", String(50)),
    Column("grid_name", String(200)),
    Column("tier", String(30)),
    Column("owner_kind", String(50)),
    Column("owner_id", String(100)),
    Column("assigned_at", DateTime(timezone=True)),
)
