"""Scoring's tables: who took part (by pseudonymous reference), the people registry and the
points ledger (accounts, transactions, their legs, balance checkpoints), claims of verified
activities, anomaly flags and API keys.

The ledger is double entry: every transaction has two or more legs whose amounts sum to zero,
and an account's balance is the sum of its legs, never a stored number (ledger.py). The
transactions, legs and checkpoints are append-only in the database too: triggers refuse UPDATE
and DELETE (migration 0002)."""

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    false,
)

from gongzhi.apikeys import api_keys_table
from gongzhi.bus_tables import inbox_table, outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

# API keys (`gongzhi keys issue --service scoring`): what each role may do is in access.py.
api_keys = api_keys_table(metadata)
KEY_ROLES = ("operator", "organiser", "resident_app", "merchant", "supervisor", "organisation")

participations = Table(
    "participations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("participant_ref", String(64), nullable=False),
    Column("kind", String(50), nullable=False),  # reported, ...
    Column("subject", String(100), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
)

# One account per holder: `code` is kind:holder, e.g. person:p-1001, resident:<reporter ref>,
# organisation:<id>, budget:<community code>, merchant:<id>, expiry. Its limits are the
# district's config's for its kind or role (config.py), read at each posting.
accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(120), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("community", String(50)),  # a grid code of the district; None for the district's own
    Column("role", String(50)),  # a person's role (volunteer, party_member, resident ...)
    Column("opened_at", DateTime(timezone=True), nullable=False),
)

# The people registry: ids only, never a name (see people.py for why scoring needs none).
people = Table(
    "people",
    metadata,
    Column("person", String(100), primary_key=True),
    Column("community", String(50), nullable=False),
    Column("role", String(50), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    # Rankings: the person's grid (optional), and whether they agreed to be shown on public
    # boards (never by default), under the alias they chose, else a masked id (rankings.py).
    Column("grid", String(50)),
    Column("shown", Boolean, nullable=False, default=False, server_default=false()),
    Column("alias", String(30)),
    Index("ix_people_community", "community", "grid"),
)

# A balanced movement of points: `key` makes it idempotent (the causing event's source and id
# with the rule, a claim's id, or a client's idempotency key): the same key posts once.
transactions = Table(
    "transactions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),  # earn, expire, transfer (spend, refund later)
    Column("rule", String(100)),  # the earning rule or activity
    Column("actor", String(200), nullable=False),  # who caused it: a key's holder, an event
    Column("at", DateTime(timezone=True), nullable=False),
)

# A leg adds `amount` (negative: takes) to one account; a transaction's legs sum to zero.
# (account_id, id, amount) lets the database sum an account's legs from the index alone.
legs = Table(
    "legs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("transaction_id", Integer, ForeignKey("transactions.id"), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("kind", String(20), nullable=False),  # its transaction's: caps sum earn legs alone
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_legs_account", "account_id", "id", "amount"),
)

# A derived, verifiable cache of a balance: the sum of an account's legs up to `leg_id`.
# Appended, never changed; `ledger.verify` recomputes each one from the legs.
checkpoints = Table(
    "checkpoints",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("leg_id", Integer, nullable=False),
    Column("balance", Integer, nullable=False),
    Column("legs", Integer, nullable=False),  # how many legs it sums
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_checkpoints_account", "account_id", "leg_id"),
)

# A verified activity's claim: claimed -> approved (its points posted) | rejected.
claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person", String(100), ForeignKey("people.person"), nullable=False),
    Column("activity", String(50), nullable=False),
    Column("quantity", Integer, nullable=False),  # hours or times, as the activity counts
    Column("note", String(500)),
    Column("status", String(20), nullable=False),
    Column("claimed_by", String(200), nullable=False),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    Column("reason", String(300)),  # why rejected, or which cap refused the approval
    Column("client_key", String(200)),
    UniqueConstraint("claimed_by", "client_key", name="uq_claims_client_key"),
)

# An account earning far above its community's norm in a month (limits.py): for a person to
# look at, once per account and month.
flags = Table(
    "flags",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("month", String(7), nullable=False),  # 2026-12
    Column("earned", Integer, nullable=False),
    Column("norm", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("account_id", "month", name="uq_flags_account_month"),
)

# The redemption shop (积分超市, shop_*.py): items a merchant provides to one community, priced in
# points, and the orders placed for them. `stock` never goes under 0 (a CHECK, and an order
# takes one only by `UPDATE ... WHERE stock > 0`). An order's points wait in the community's
# holding account until the provider redeems its voucher, or come back.
shop_items = Table(
    "shop_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("community", String(50), nullable=False),  # the community it serves
    Column("provider", String(100), nullable=False),  # a merchant: its account merchant:<id>
    Column("name", String(100), nullable=False),
    Column("price", Integer, nullable=False),  # points
    Column("stock", Integer, nullable=False),
    Column("per_month", Integer),  # orders a person may hold in a district month; None: any
    Column("per_person", Integer),  # orders a person may hold in all; None: any
    Column("needs_approval", Boolean, nullable=False),
    Column("voucher_days", Integer, nullable=False),  # how long a voucher is good once issued
    Column("active", Boolean, nullable=False),  # listed and orderable
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("stock >= 0", name="ck_shop_items_stock"),
    Index("ix_shop_items_community", "community", "id"),
)

# pending --approve--> issued --redeem--> redeemed; pending --refuse--> refused;
# pending|issued --cancel--> cancelled; issued --its voucher's days pass--> expired.
# Refused, cancelled and expired orders gave their points and their item back.
shop_orders = Table(
    "shop_orders",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("shop_items.id"), nullable=False),
    Column("person", String(100), ForeignKey("people.person"), nullable=False),
    Column("community", String(50), nullable=False),
    Column("provider", String(100), nullable=False),
    Column("price", Integer, nullable=False),  # as it was when ordered
    Column("status", String(20), nullable=False),
    Column("placed_by", String(200), nullable=False),  # the resident app's key holder
    Column("client_key", String(200), nullable=False),  # the app's idempotency key
    Column("placed_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),  # once issued
    Column("closed_by", String(200)),  # who approved, refused, cancelled or redeemed it last
    Column("closed_at", DateTime(timezone=True)),
    Column("reason", String(300)),
    UniqueConstraint("placed_by", "client_key", name="uq_shop_orders_client_key"),
    Index("ix_shop_orders_community", "community", "placed_at"),
    Index("ix_shop_orders_person", "person", "item_id"),
    Index("ix_shop_orders_due", "status", "expires_at"),
)

# Rankings: a month's earnings read by time, the index alone (a person's points in a month are
# their account's earn legs in it: rankings.py); and a person by account.
Index("ix_legs_earned", legs.c.kind, legs.c.at, legs.c.account_id, legs.c.amount)
Index("ix_people_account", people.c.account_id, unique=True)

# Assessment (issue 14 point 2): what happened to each case, one row a fact, from routing's
# and the ratings' events (assessment_facts.py); a month's figures are counted from them.
assessment_facts = Table(
    "assessment_facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("issue_id", String(100), nullable=False),
    Column("fact", String(20), nullable=False),  # received response reply resolved reopened rated
    Column("owner_kind", String(30), nullable=False),
    Column("owner_id", String(100), nullable=False),
    Column("community", String(50)),
    Column("grid", String(50)),  # the case's grid (a rating: the grid its case's steps named)
    Column("category", String(100)),
    Column("month", String(7), nullable=False),  # the district's month of `at`, 2026-12
    Column("on_time", Boolean),  # response, reply: the clock stopped by its deadline
    Column("verdict", String(20)),  # rated: satisfied, basically, unsatisfied
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_assessment_facts_month", "month", "owner_kind", "owner_id"),
    Index("ix_assessment_facts_issue", "issue_id", "fact"),
)

# A closed month's score of each owner, once (None: fewer cases than min_cases); `card` says
# a yellow card went out with it, in the same transaction.
assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("month", String(7), nullable=False),
    Column("owner_kind", String(30), nullable=False),
    Column("owner_id", String(100), nullable=False),
    Column("cases", Integer, nullable=False),
    Column("score", Float),
    Column("threshold", Float, nullable=False),
    Column("figures", JSON, nullable=False),
    Column("card", Boolean, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("month", "owner_kind", "owner_id", name="uq_assessments_owner_month"),
)

# The months assessed: the timer closes each once.
assessed_months = Table(
    "assessed_months",
    metadata,
    Column("month", String(7), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Projects (projects.py, 群众点单、超市下单、街社接单): a resident's need published by the
# community's organiser, claimed by a person (basic) or an organisation (key), done, then rated
# by the resident who ordered it (by pseudonymous ref); its points posted once (key project:<id>).
projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("community", String(50), nullable=False),
    Column("kind", String(10), nullable=False),  # basic, key
    Column("title", String(200), nullable=False),
    Column("points", Integer, nullable=False),
    Column("ordered_by", String(64), nullable=False),  # the resident's ref
    Column("status", String(20), nullable=False),  # open, claimed, done, confirmed
    Column("published_by", String(200), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("claimant", String(120)),  # an account's code: person:<id>, organisation:<id>
    Column("claimed_at", DateTime(timezone=True)),
    Column("done_at", DateTime(timezone=True)),
    Column("verdict", String(20)),  # the resident's latest rating
    Column("confirmed_at", DateTime(timezone=True)),
    Index("ix_projects_community", "community", "status"),
)


# Ratings (one matter, one rating; ratings.py): each case scoring heard routing resolve, with
# its owner then and its public answer (masked); `round` counts its resolutions.
rated_cases = Table(
    "rated_cases",
    metadata,
    Column("issue_id", String(100), primary_key=True),
    Column("category", String(100), nullable=False),
    Column("community", String(50)),  # the grid code routing gave, up to its community
    Column("owner_kind", String(50), nullable=False),
    Column("owner_id", String(100), nullable=False),
    Column("status", String(20), nullable=False),  # resolved, reopened
    Column("round", Integer, nullable=False),
    Column("answer", String(4000), nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=False),
)

# A reporter's or co-reporter's single-use invitation to rate one round of a case; the link
# carries `nonce` signed (rating_links.py). open -> used | lapsed (silence) | superseded.
rating_invitations = Table(
    "rating_invitations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nonce", String(64), nullable=False, unique=True),
    Column("issue_id", String(100), ForeignKey("rated_cases.issue_id"), nullable=False),
    Column("round", Integer, nullable=False),
    Column("reporter_ref", String(64), nullable=False),
    Column("status", String(20), nullable=False),
    Column("invited_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    UniqueConstraint("issue_id", "round", "reporter_ref", name="uq_rating_invitations_round"),
    Index("ix_rating_invitations_open", "status", "expires_at"),
)

# A verdict on a round of a case: a resident's (through an invitation, at most one each), a
# staff follow-up's (回访), the public's, or silence's default. `comment` never leaves scoring.
ratings = Table(
    "ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rating_id", String(36), nullable=False, unique=True),
    Column("issue_id", String(100), ForeignKey("rated_cases.issue_id"), nullable=False),
    Column("round", Integer, nullable=False),
    Column("verdict", String(20), nullable=False),
    Column("source", String(20), nullable=False),
    Column("reasons", String(500), nullable=False),  # reason codes, comma-separated
    Column("comment", String(1000)),
    Column("invitation_id", Integer, ForeignKey("rating_invitations.id"), unique=True),
    Column("recorded_by", String(200)),  # a follow-up's staff key holder
    Column("visited", Boolean),  # a follow-up: a visit (true) or a call (false)
    Column("rated_at", DateTime(timezone=True), nullable=False),
    Index("ix_ratings_issue", "issue_id", "source"),
)

# A community's inspection of a property company (物业检查), out of 100, entered with the
# organiser's key of that community; with the ratings of property matters, the year's ranking.
property_inspections = Table(
    "property_inspections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("company", String(100), nullable=False),
    Column("community", String(50), nullable=False),
    Column("inspected_on", Date, nullable=False),
    Column("mark", Float, nullable=False),
    Column("note", String(500)),
    Column("entered_by", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_property_inspections_company", "company", "inspected_on"),
)
