"""Notify's tables: the messages it owes people (deliveries), each attempt to send one, the
in-app inbox it keeps itself, who is who (the staff directory), residents' contacts, and other
systems' webhook subscriptions with what each is owed."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from gongzhi.apikeys import api_keys_table
from gongzhi.bus_tables import inbox_table, outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

# API keys (`gongzhi keys issue --service notify`): what each role may do is in access.py.
api_keys = api_keys_table(metadata)
KEY_ROLES = ("operator", "staff", "integrator", "gateway")

# One message owed to one recipient for one event and rule: pending -> sending -> sent ->
# delivered | failed | suppressed (delivery.py). The same event applied twice owes it once.
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject", String(100), nullable=False),  # what it is about, e.g. an issue id
    # A directory id (gw-..., a community, a department), or resident:<reporter_ref>: never an
    # address, never a name.
    Column("recipient", String(100), nullable=False),
    Column("channel", String(50), nullable=False),  # the channel of the chain it is on now
    Column("template", String(100), nullable=False),
    Column("body", Text, nullable=False),  # as rendered for that channel
    Column("status", String(30), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("topic", String(50), nullable=False, server_default="case"),
    Column("critical", Boolean, nullable=False, server_default="0"),
    Column("chain", JSON, nullable=False, server_default="[]"),  # channel names, in order
    Column("step", Integer, nullable=False, server_default="0"),  # the chain's channel now
    Column("attempts", Integer, nullable=False, server_default="0"),  # on this channel
    Column("rendered", JSON, nullable=False, server_default="{}"),  # variant -> {title, body}
    # The recipient's own values (a resident's rating link) its placeholders stand for, sealed
    # (own.py): filled in at send time, deleted once it is settled or its case's contacts go.
    Column("own", Text),
    Column("due_at", DateTime(timezone=True)),  # when it is next tried; None once settled
    Column("reason", String(300)),  # why it failed or was suppressed
    Column("event_time", DateTime(timezone=True)),  # when what it tells of happened
    Column("correlation_id", String(200)),  # its event's, for the log lines of each try
    Column("sent_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True)),
    # The digest a message was folded into (suppressed: digest or throttle); until it is
    # made, such a message's due_at is the digest's time (digests.py).
    Column("digest_id", Integer, ForeignKey("deliveries.id")),
    Index("ix_deliveries_subject", "subject"),
    Index("ix_deliveries_due", "status", "due_at"),
    UniqueConstraint("event_id", "recipient", "template", name="uq_deliveries_once"),
)

# What a staff member or a resident chose for a topic (the rules' `topic`): channels in place
# of the rule's chain, no non-critical messages at all, or (staff) its messages as one digest a
# working day (preferences.py); set through PUT /api/v1/preferences with the holder's own staff
# key, or a resident's through the link in their messages (resident_preferences.py).
preferences = Table(
    "preferences",
    metadata,
    Column("recipient", String(100), primary_key=True),  # a directory id, or resident:<ref>
    Column("topic", String(50), primary_key=True),
    Column("channels", JSON, nullable=False, server_default="[]"),  # none: the rule's chain
    Column("opted_out", Boolean, nullable=False, server_default="0"),
    Column("digest", Boolean, nullable=False, server_default="0"),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Staff who hear of every case in a place or of a kind (subscriptions.py): grid:<code> or
# category:<code>, reached by the rules' audience `subscribers`.
topic_subscriptions = Table(
    "topic_subscriptions",
    metadata,
    Column("recipient", String(100), primary_key=True),  # a directory id
    Column("topic", String(120), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_topic_subscriptions_topic", "topic"),
)

# Every try of a message on a channel, with what came of it: the delivery log in full.
delivery_attempts = Table(
    "delivery_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delivery_id", Integer, ForeignKey("deliveries.id"), nullable=False, index=True),
    Column("channel", String(50), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(20), nullable=False),  # sent, failed
    Column("error", String(300)),
    Column("provider_id", String(200)),  # the gateway's id of it, for its delivery receipt
)

# The in-app inbox notify keeps itself: what a holder of a key reads with GET /api/v1/inbox.
inbox_messages = Table(
    "inbox_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("recipient", String(100), nullable=False),
    Column("delivery_id", Integer, ForeignKey("deliveries.id"), nullable=False, unique=True),
    Column("subject", String(100), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("read_at", DateTime(timezone=True)),
    Index("ix_inbox_recipient", "recipient", "id"),
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
    Column("community", String(50)),  # its community's code; a department's, for its head
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

# Another system's subscription to event types (webhooks.py), owned by the integrator key's
# holder that made it. Its Standard Webhooks secret is sealed (Fernet, notify's contact key):
# HMAC signing needs it in clear at each send, so it cannot be kept hashed.
webhooks = Table(
    "webhooks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("holder", String(200), nullable=False, index=True),
    Column("url", String(2000), nullable=False),
    Column("event_types", JSON, nullable=False),
    Column("secret", Text, nullable=False),  # sealed whsec_...: opened only to sign
    Column("enabled", Boolean, nullable=False),
    Column("failures", Integer, nullable=False, server_default="0"),  # consecutive
    Column("disabled_reason", String(300)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# One event owed to one subscription (webhook_delivery.py): pending -> sending -> sent | failed,
# sent in order of id per subscription. The same event applied twice is owed once.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("webhook_id", Integer, ForeignKey("webhooks.id"), nullable=False),
    Column("event_id", String(200), nullable=False),  # the webhook-id header
    Column("event_type", String(200), nullable=False),
    Column("payload", Text, nullable=False),  # the CloudEvent as notify received it, JSON
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("since", DateTime(timezone=True), nullable=False),  # its retry budget's start
    Column("due_at", DateTime(timezone=True)),  # None once settled
    Column("error", String(300)),  # the last try's
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Index("ix_webhook_deliveries_queue", "webhook_id", "status", "id"),
    UniqueConstraint("webhook_id", "event_id", name="uq_webhook_deliveries_once"),
)
