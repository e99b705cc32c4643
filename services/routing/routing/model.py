"""Routing's tables, and the grid index it routes with. Nothing here imports nameko."""

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)

from gongzhi.apikeys import api_keys_table
from gongzhi.bus_tables import inbox_table, outbox_table
from routing.grid_index import GridIndex

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

# A case: one report, owned by one owner at one tier, with its clocks (below). JSON columns
# hold what the lifecycle keeps: approved pauses, a pending request, approved extensions.
issues = Table(
    "issues",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("category", String(100), nullable=False),
    Column("category_class", String(30), nullable=False, server_default="ordinary"),
    Column("grid_code", String(50)),
    Column("community_code", String(50)),
    Column("tier", String(30), nullable=False),
    Column("owner_kind", String(50), nullable=False),
    Column("owner_id", String(100), nullable=False),
    Column("status", String(30), nullable=False),
    Column("reported_at", DateTime(timezone=True)),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
    Column("light", String(10)),  # the worst light of its running clocks; none when none runs
    Column("due_at", DateTime(timezone=True)),  # the nearest deadline of its running clocks
    Column("paused_since", DateTime(timezone=True)),
    Column("pauses", JSON, nullable=False, server_default="[]"),
    Column("pending", JSON),
    Column("extensions", JSON, nullable=False, server_default="{}"),
    Column("reopened", Integer, nullable=False, server_default="0"),
    # A council's matter the case belongs to: promoted into it, or opened for one of its tasks
    # (origin "deliberation"; a resident's report is origin "report").
    Column("matter_id", String(36)),
    Column("origin", String(20), nullable=False, server_default="report"),
    Index("ix_issues_owner", "owner_kind", "owner_id", "status"),
    Index("ix_issues_community", "community_code", "status"),
)

# The response, reply and resolution clocks of each case. The sweeper finds due lights by
# their times; a time is none while a pause lasts or when the calendar lacks its year. Times
# reckoned through a year not yet published are listed in `provisional`; `calendar_version`
# is the calendar they were worked out with, so a changed calendar works them out again.
clocks = Table(
    "clocks",
    metadata,
    Column("issue_id", String(36), ForeignKey("issues.id"), primary_key=True),
    Column("name", String(20), primary_key=True),
    Column("calendar", String(10), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("stopped_at", DateTime(timezone=True)),
    Column("deadline", DateTime(timezone=True)),
    Column("yellow_at", DateTime(timezone=True)),
    Column("red_at", DateTime(timezone=True)),
    Column("light", String(10), nullable=False),
    Column("warn_at", DateTime(timezone=True)),  # when to warn supervisors of ...
    Column("warn_of", String(10)),  # ... the light to come
    Column("unscheduled", String(300)),  # why a time is missing: a year the calendar lacks
    Column("provisional", String(40)),  # e.g. "red_at" or "deadline,yellow_at,red_at"
    Column("calendar_version", String(12)),
    Index("ix_clocks_yellow", "light", "yellow_at"),
    Index("ix_clocks_red", "light", "red_at"),
    Index("ix_clocks_warn", "warn_at"),
    Index("ix_clocks_unscheduled", "unscheduled"),
    Index("ix_clocks_provisional", "provisional"),
)

# Joint handling (联动处置): the lead owns the case; co-handlers each carry a task.
co_handlers = Table(
    "co_handlers",
    metadata,
    Column("issue_id", String(36), ForeignKey("issues.id"), primary_key=True),
    Column("owner_kind", String(50), primary_key=True),
    Column("owner_id", String(100), primary_key=True),
    Column("task", String(500), nullable=False),
    Column("done_at", DateTime(timezone=True)),
    Index("ix_co_handlers_owner", "owner_kind", "owner_id"),
)

# Every transition, with who made it, why, and what the resident was told: the case's history.
transitions = Table(
    "transitions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("issue_id", String(36), ForeignKey("issues.id"), nullable=False, index=True),
    Column("action", String(30), nullable=False),
    Column("actor", String(20), nullable=False),
    Column("actor_id", String(100)),
    Column("from_status", String(30)),
    Column("to_status", String(30), nullable=False),
    Column("from_owner", JSON),
    Column("to_owner", JSON, nullable=False),
    Column("tier", String(30), nullable=False),
    Column("reason", String(1000), nullable=False, server_default=""),
    Column("answer", JSON),  # what the resident was told: {"text": ..., "photos": [...]}
    Column("at", DateTime(timezone=True), nullable=False),
)

# Keys for the HTTP API (`gongzhi keys issue --service routing`); what each role may do is in
# access.py. A key's holder name is the owner id it acts as, e.g. gw-620502001001001.
api_keys = api_keys_table(metadata)
KEY_ROLES = ("grid_worker", "staff", "supervisor", "viewer")

__all__ = [
    "KEY_ROLES",
    "GridIndex",
    "api_keys",
    "clocks",
    "co_handlers",
    "inbox",
    "issues",
    "metadata",
    "outbox",
    "transitions",
]
