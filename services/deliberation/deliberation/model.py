"""Deliberation's tables: the issues it may be asked to deliberate, as routing announced them,
the hash-chained log of every matter (chain.py), the assembly's votes (voting.py), the matters
and what they gather: promoted cases, co-signers, meetings and who came, minutes, plans and
their tasks, reviews; the API keys."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
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
# The chain's head as published (heads.py): its length and last hash when a vote closed or the
# matter ended, written in that unit of work; append-only like the chain (migration 0008).
chain_heads = Table(
    "chain_heads",
    metadata,
    Column("matter_id", String(64), primary_key=True),
    Column("length", Integer, primary_key=True, autoincrement=False),  # the last entry's seq
    Column("hash", String(64), nullable=False),
    Column("why", String(KIND_LENGTH), nullable=False),  # vote_closed, matter_ended
    Column("at", DateTime(timezone=True), nullable=False),
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
    # the public board's list: a community's decisions, newest first (board.py)
    Index("ix_votes_decided", "community", "closed_at"),
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
KEY_ROLES = ("member", "staff", "operator", "supervisor", "resident_app")  # access.py
api_keys = api_keys_table(metadata)

# A matter (议题) a council deliberates: how it started (origin), the step of its process it
# is at (steps.py), when that step started and is due, and its status (matters.py STATUSES).
# A residents' proposal is `collecting` co-signers until its process's threshold.
matters = Table(
    "matters",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("community", String(50), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("process", String(50), nullable=False),
    Column("step", String(50), nullable=False),
    Column("step_seq", Integer, nullable=False),  # 1, 2, ...: each step entered, again too
    Column("status", String(20), nullable=False),
    Column("origin", String(20), nullable=False),  # proposal, grid_meeting, staff, listed, ...
    Column("raised_by", String(200), nullable=False),  # a person id, a resident ref, a key
    Column("listed_code", String(50)),  # the must-deliberate kind, if from that list
    Column("step_started_at", DateTime(timezone=True), nullable=False),
    Column("step_due_at", DateTime(timezone=True)),  # None past the calendar's known years
    Column("step_warned_at", DateTime(timezone=True)),  # the lapse warned about, once a step
    Column("review_on", Date),  # an evaluation's review date, until it brings the matter back
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_matters_community_status", "community", "status"),
    Index("ix_matters_due", "status", "step_due_at"),
    Index("ix_matters_review_on", "review_on"),
)

# Routing's cases promoted into a matter: many cases, one matter; a case in one matter only.
matter_cases = Table(
    "matter_cases",
    metadata,
    Column("issue_id", String(36), primary_key=True),
    Column("matter_id", String(36), ForeignKey("matters.id"), nullable=False, index=True),
    Column("promoted_by", String(200), nullable=False),  # a supervisor's key, or "auto"
    Column("reason", String(30), nullable=False),  # supervisor, co_reports, escalated, red
    Column("promoted_at", DateTime(timezone=True), nullable=False),
)

# What deliberation hears of a case besides its assignment: co-reports and red lights, for
# automatic promotion. A signal may come before routing's assignment does.
case_signals = Table(
    "case_signals",
    metadata,
    Column("issue_id", String(36), primary_key=True),
    Column("co_reports", Integer, nullable=False, default=0),
    Column("reds", Integer, nullable=False, default=0),
    Column("escalated_tier", String(30)),  # the highest tier it was escalated to
)

# Residents backing a residents' proposal (附议), by their ref; once each.
co_signers = Table(
    "co_signers",
    metadata,
    Column("matter_id", String(36), ForeignKey("matters.id"), primary_key=True),
    Column("resident_ref", String(200), primary_key=True),
    Column("signed_at", DateTime(timezone=True), nullable=False),
)

# A meeting of a community's council, called for one or more matters (the standing monthly
# meeting takes several): when, where, what it discusses.
meetings = Table(
    "meetings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("community", String(50), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("place", String(200), nullable=False),
    Column("agenda", Text, nullable=False),
    Column("standing", Boolean, nullable=False, default=False),  # the monthly meeting
    Column("status", String(20), nullable=False),  # called, held, cancelled
    Column("called_by", String(200), nullable=False),
    Column("called_at", DateTime(timezone=True), nullable=False),
    Index("ix_meetings_standing", "community", "standing", "starts_at"),
)
meeting_matters = Table(
    "meeting_matters",
    metadata,
    Column("meeting_id", Integer, ForeignKey("meetings.id"), primary_key=True),
    Column("matter_id", String(36), ForeignKey("matters.id"), primary_key=True),
)
# Who is invited, in which party's name, and whether they came (None until recorded).
attendees = Table(
    "attendees",
    metadata,
    Column("meeting_id", Integer, ForeignKey("meetings.id"), primary_key=True),
    Column("person", String(200), primary_key=True),
    Column("party", String(50), primary_key=True),
    Column("invited_at", DateTime(timezone=True)),
    Column("attended", Boolean),
)

# A meeting's minutes on a matter, each party's opinion beside the summary.
minutes = Table(
    "minutes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id"), nullable=False),
    Column("matter_id", String(36), ForeignKey("matters.id"), nullable=False, index=True),
    Column("step_seq", Integer, nullable=False),  # the step it was recorded at
    Column("summary", Text, nullable=False),
    Column("opinions", JSON, nullable=False),  # {party: opinion}
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# The written plan with divided duties; the newest of a matter is its plan (a plan sent back
# in review is written again).
plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("matter_id", String(36), ForeignKey("matters.id"), nullable=False, index=True),
    Column("step_seq", Integer, nullable=False),  # the step it was recorded at
    Column("summary", Text, nullable=False),
    Column("written_by", String(200), nullable=False),
    Column("written_at", DateTime(timezone=True), nullable=False),
)
# A task of a plan; its id becomes the routing case's when the plan is carried out.
plan_tasks = Table(
    "plan_tasks",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("owner_kind", String(30), nullable=False),
    Column("owner_id", String(200), nullable=False),
    Column("category", String(100), nullable=False),
    Column("tier", String(30), nullable=False),
    Column("due_at", DateTime(timezone=True)),
    # Once the plan is carried (tasks.py): a department's or unit's task is `assigned` (sent
    # to routing, `sent_at`), then follows its case; a council's own is `open` until `done`.
    Column("state", String(20)),
    Column("state_at", DateTime(timezone=True)),
    Column("sent_at", DateTime(timezone=True)),
)

# The reporters and co-reporters (附议) of routing's cases, by intake's keyed pseudonym: the
# residents concerned who may rate the outcome of a matter their case was promoted into.
case_residents = Table(
    "case_residents",
    metadata,
    Column("issue_id", String(36), primary_key=True),
    Column("resident_ref", String(200), primary_key=True),
)

# The outcome's ratings (evaluation.py): one per rater at the evaluate step (step_seq), a
# member of the assembly by person id or a resident concerned by ref.
ratings = Table(
    "ratings",
    metadata,
    Column("matter_id", String(36), ForeignKey("matters.id"), primary_key=True),
    Column("step_seq", Integer, primary_key=True, autoincrement=False),
    Column("rater", String(200), primary_key=True),
    Column("rater_kind", String(20), nullable=False),  # assembly, resident
    Column("verdict", String(20), nullable=False),  # satisfied, basically, unsatisfied
    Column("comment", Text, nullable=False),
    Column("rated_at", DateTime(timezone=True), nullable=False),
)
# An evaluation closed by staff (or by its step's deadline): the counts per verdict, and the
# review date that brings the matter back, if set.
evaluations = Table(
    "evaluations",
    metadata,
    Column("matter_id", String(36), ForeignKey("matters.id"), primary_key=True),
    Column("step_seq", Integer, primary_key=True, autoincrement=False),
    Column("counts", JSON, nullable=False),  # {verdict: count}
    Column("review_on", Date),
    Column("closed_by", String(200), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=False),
)

# The party committee's review: the checklist's answers, approved or sent back with reasons.
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("matter_id", String(36), ForeignKey("matters.id"), nullable=False, index=True),
    Column("step_seq", Integer, nullable=False),  # the step it was recorded at
    Column("answers", JSON, nullable=False),  # {checklist code: true/false}
    Column("approved", Boolean, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("reviewed_by", String(200), nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
)
# A plan the party committee approved, filed with the street (filings.py): what the street
# sees, masked as the board masks (no one's name or contact), by the street's grid code.
filings = Table(
    "filings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("matter_id", String(36), ForeignKey("matters.id"), nullable=False, index=True),
    Column("community", String(50), nullable=False),
    Column("street", String(50), nullable=False),
    Column("title", String(200), nullable=False),
    Column("answers", JSON, nullable=False),  # the review's checklist {code: true}
    Column("plan_summary", Text, nullable=False),
    Column("tasks", Integer, nullable=False),  # how many tasks the plan divides
    Column("filed_at", DateTime(timezone=True), nullable=False),
    Index("ix_filings_street", "street", "filed_at"),
)
