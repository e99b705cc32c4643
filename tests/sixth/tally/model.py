"""The tally's one table: reports counted per category, and the last milestone each reached."""

from sqlalchemy import Column, Integer, MetaData, String, Table

from gongzhi.bus_tables import inbox_table, outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

counts = Table(
    "counts",
    metadata,
    Column("category", String(100), primary_key=True),
    Column("reports", Integer, nullable=False),
    Column("milestone", Integer, nullable=False),  # 0, or the last multiple of the setting
)
