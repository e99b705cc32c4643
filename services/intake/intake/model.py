"""Intake's tables. Contact details live here and nowhere else."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from gongzhi.apikeys import api_keys_table
from gongzhi.bus_tables import inbox_table, outbox_table

metadata = MetaData()


def hiding_columns() -> list[Column]:
    """Moderation: hidden from the public view, by which staff key's holder, when and why."""
    return [
        Column("hidden_at", DateTime(timezone=True)),
        Column("hidden_by", String(200)),
        Column("hidden_reason", String(30)),
    ]


outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

reports = Table(
    "reports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("category", String(100), nullable=False),
    # No point when only an address was given: the street places it (no geocoder here).
    Column("latitude", Float),
    Column("longitude", Float),
    Column("description", Text, nullable=False),
    Column("channel", String(50), nullable=False),
    Column("reporter_contact", String(200)),  # private: never in an event, a log or a read API
    Column("reporter_ref", String(64)),
    Column("status", String(30), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
    Column("address_string", String(500)),
    Column("attributes", JSON, nullable=False, default=dict, server_default="{}"),
    Column("media_url", String(1000)),
    Column(
        "co_reports", Integer, nullable=False, default=0, server_default="0"
    ),  # 附议: others who reported it
    # What routing announced, as intake learned it from events.
    Column("grid_code", String(50)),
    Column("grid_name", String(200)),
    Column("tier", String(30)),
    Column("owner_kind", String(50)),
    Column("owner_id", String(100)),
    Column("assigned_at", DateTime(timezone=True)),
    Column("expected_at", DateTime(timezone=True)),  # the reply deadline
    Column("routed_at", DateTime(timezone=True)),  # the time of the last routing change applied
    Column("on_behalf_of", String(100)),  # the agent or grid worker who typed it in
    *hiding_columns(),
    Index("ix_reports_open_category", "category", "status", "submitted_at"),
)

# API keys (`gongzhi keys issue`): what each role may do is in access.py; a role that submits
# names the channel its Open311 reports come by (open311_fields.ROLE_CHANNELS).
api_keys = api_keys_table(metadata)
KEY_ROLES = ("resident_app", "grid_worker", "hotline_agent", "integrator", "staff", "viewer")

# 附议: a later report of the same matter, merged into the open case it repeats.
co_reports = Table(
    "co_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(36), ForeignKey("reports.id"), nullable=False, index=True),
    Column("reporter_contact", String(200)),  # private, like the case's own
    Column("reporter_ref", String(64)),
    Column("channel", String(50), nullable=False),
    Column("description", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
)

# What was added to a report later: a comment or a photo, from the reporter or from staff, or
# routing's answer to the resident (answers.py).
report_updates = Table(
    "report_updates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(36), ForeignKey("reports.id"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # comment, photo, answer
    Column("author", String(20), nullable=False),  # reporter, staff
    Column("text", Text, nullable=False),
    Column("media_url", String(1000)),  # a photo's; an answer's first photo
    Column("photos", JSON),  # an answer's photos
    Column("status", String(30)),  # an answer's: the case's status it came with
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    *hiding_columns(),
)

# A reporter's follow-up token, kept as a hash like an API key: it opens one report alone.
follow_up_tokens = Table(
    "follow_up_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("report_id", String(36), ForeignKey("reports.id"), nullable=False, index=True),
    # A co-reporter's (附议): the case holds another resident's words, so only its public view.
    Column("co_report", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A work order another platform dispatched (a 12345 order over AMQP), with the case that took it
# in: its own report, or the open case it was merged into as a co-report. Each public step of
# that case goes back to the platform (handback.py). One platform's order is taken once.
work_orders = Table(
    "work_orders",
    metadata,
    Column("platform", String(40), primary_key=True),  # its id in the district's config
    Column("work_order_id", String(100), primary_key=True),
    Column("report_id", String(36), ForeignKey("reports.id"), nullable=False, index=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
)
