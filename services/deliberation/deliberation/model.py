"""Deliberation's tables: the issues it may be asked to deliberate, as routing announced them,
and the hash-chained log of every matter (chain.py)."""

from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, Table

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

# Every step, ballot, proxy and correction of a matter, one row each, chained by hashes
# (chain.py). Append-only: migration 0002 adds triggers refusing UPDATE and DELETE, which
# `metadata.create_all` (unit tests' session_fixture) does not make.
KIND_LENGTH, ACTOR_LENGTH = 50, 200
chain_entries = Table(
    "chain_entries",
    metadata,
    Column("matter_id", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),  # 1, 2, ... per matter
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(KIND_LENGTH), nullable=False),
    Column("actor", String(ACTOR_LENGTH), nullable=False),  # a person id or a key's name
    Column("data", JSON, nullable=False),
    Column("previous", String(64), nullable=False),  # the hash of the entry before
    Column("hash", String(64), nullable=False),
)
