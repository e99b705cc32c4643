"""Notify's tables: the delivery log, who is who (the staff directory) and residents' contacts."""

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

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

# Who is who: staff by the ids routing names owners and supervisors with (gw-<grid code>, a
# community or street code, a department code, a roster id), imported from a CSV
# (`gongzhi notify directory import`), never committed in config.
directory = Table(
    "directory",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("kind", String(30), nullable=False),  # directory.KINDS
    Column("name", String(200)),
    Column("phone", String(20)),  # E.164, +8613800138000
    Column("email", String(254)),
    Column("wecom", String(100)),
    Column("dingtalk", String(100)),
    Column("feishu", String(100)),
    Column("community", String(50)),  # the community's code, for a worker of one
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# A reporter's or co-reporter's contact as intake sealed it for notify (Fernet): opened only at
# send time (residents.contacts_of), deleted once its case's purge date has passed.
resident_contacts = Table(
    "resident_contacts",
    metadata,
    Column("report_id", String(100), primary_key=True),  # the case
    Column("ref", String(64), primary_key=True),  # the reporter's keyed pseudonym
    Column("address", String(10), nullable=False),  # "phone" or "email"
    Column("co_report", Boolean, nullable=False),
    Column("token", Text, nullable=False),  # sealed: never opened into a column or a log
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# When a case's residents' contacts go: set when routing closes it, cleared when it reopens;
# with the time of the last step applied, so that an older one arriving late changes nothing.
# Kept after the purge, so that a contact arriving late is purged too.
contact_purges = Table(
    "contact_purges",
    metadata,
    Column("report_id", String(100), primary_key=True),
    Column("status_at", DateTime(timezone=True), nullable=False),  # of the step that set it
    Column("purge_at", DateTime(timezone=True)),  # none while the case is open again
    Index("ix_contact_purges_due", "purge_at"),
)
