"""Deliberation's tables: the issues it may be asked to deliberate, as routing announced them,
the hash-chained log of every matter (chain.py), and the assembly's votes (voting.py)."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
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

# An assembly vote on a matter (voting.py): one per matter, with the process's rules and the
# roster as they stood when it opened, and its result once it closed.
votes = Table(
    "votes",
    metadata,
    Column("matter_id", String(64), primary_key=True),
    Column("community", String(50), nullable=False),
    Column("rules", JSON, nullable=False),  # the process's `vote:` rules, as opened
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closes_at", DateTime(timezone=True)),  # closed by the timer then, if still open
    Column("closed_at", DateTime(timezone=True)),
    Column("closed_by", String(200)),
    Column("result", JSON),  # tally.Result.as_json(), published at close
)
vote_roster = Table(
    "vote_roster",
    metadata,
    Column("matter_id", String(64), primary_key=True),
    Column("person", String(100), primary_key=True),
    Column("party", String(100), nullable=False),
)
vote_proxies = Table(
    "vote_proxies",
    metadata,
    Column("matter_id", String(64), primary_key=True),
    Column("voter", String(100), primary_key=True),  # one appointment per voter
    Column("holder", String(100), nullable=False),
    Column("document", String(200), nullable=False),  # the written appointment's reference
    Column("recorded_by", String(200), nullable=False),
    Column("appointed_at", DateTime(timezone=True), nullable=False),
)
# An open vote's ballots: the voter's own (cast_by = voter) or their proxy holder's for them.
open_ballots = Table(
    "open_ballots",
    metadata,
    Column("matter_id", String(64), primary_key=True),
    Column("voter", String(100), primary_key=True),
    Column("cast_by", String(100), primary_key=True),
    Column("option", String(20), nullable=False),
    Column("cast_at", DateTime(timezone=True), nullable=False),
)
# A secret vote keeps who voted (turnout) apart from how (ballot_box): see secret.py.
turnout = Table(
    "turnout",
    metadata,
    Column("matter_id", String(64), primary_key=True),
    Column("voter", String(100), primary_key=True),  # one ballot per voter in a secret vote
    Column("cast_by", String(100), nullable=False),
    Column("cast_at", DateTime(timezone=True), nullable=False),
    Column("paper", Boolean, nullable=False, server_default=false()),  # entered by staff
)
ballot_box = Table(
    "ballot_box",
    metadata,
    # sha256 of the receipt the voter was handed: random, so the key orders nothing
    Column("id", String(64), nullable=False),
    Column("matter_id", String(64), nullable=False, index=True),
    Column("party", String(100), nullable=False),
    Column("option", String(20), nullable=False),
    # a paper ballot's: who entered it and who confirmed it; it counts once confirmed
    Column("entered_by", String(200)),
    Column("confirmed_by", String(200)),
    PrimaryKeyConstraint("id", name="pk_ballot_box"),  # secret.py clusters on it at close
    sqlite_with_rowid=False,  # stored in key order, not in the order ballots came
)
# Paper ballots of an open vote (a secret vote's are in turnout and ballot_box), entered by
# the secretary; they count once a second person confirmed them by entering the same option.
paper_ballots = Table(
    "paper_ballots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("matter_id", String(64), nullable=False, index=True),
    Column("voter", String(100), nullable=False),
    Column("option", String(20), nullable=False),
    Column("entered_by", String(200), nullable=False),
    Column("entered_at", DateTime(timezone=True), nullable=False),
    Column("confirmed_by", String(200)),
    Column("confirmed_at", DateTime(timezone=True)),
    UniqueConstraint("matter_id", "voter", name="uq_paper_ballots_voter"),
)
KEY_ROLES = ("member", "staff")
api_keys = api_keys_table(metadata)
