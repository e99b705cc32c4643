"""The outbox and inbox tables every service keeps beside its own, in the same database."""

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("exchange", String(200), nullable=False),
        Column("body", Text, nullable=False),
        Column("correlation_id", String(200), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", DateTime(timezone=True), nullable=False),
        Column("last_error", String(500)),
        Index("ix_outbox_due", "next_attempt_at", "id"),
    )


def inbox_table(metadata: MetaData) -> Table:
    # The primary key is the inbox: a second insert of the same event fails and means "applied".
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(200), nullable=False),
        Column("source", String(500), nullable=False),
        Column("event_id", String(200), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=False),
        PrimaryKeyConstraint("consumer", "source", "event_id", name="pk_inbox"),
    )
