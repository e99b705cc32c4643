"""ratings: one matter, one rating (rated cases, invitations, ratings)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rated_cases",
        sa.Column("issue_id", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("community", sa.String(length=50), nullable=True),
        sa.Column("owner_kind", sa.String(length=50), nullable=False),
        sa.Column("owner_id", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=4000), nullable=False),
        sa.Column("resolved_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("issue_id"),
    )
    op.create_table(
        "rating_invitations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("issue_id", sa.String(length=100), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("reporter_ref", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("invited_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("closed_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["issue_id"], ["rated_cases.issue_id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nonce"),
        sa.UniqueConstraint(
            "issue_id", "round", "reporter_ref", name="uq_rating_invitations_round"
        ),
    )
    with op.batch_alter_table("rating_invitations", schema=None) as batch_op:
        batch_op.create_index("ix_rating_invitations_open", ["status", "expires_at"], unique=False)
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rating_id", sa.String(length=36), nullable=False),
        sa.Column("issue_id", sa.String(length=100), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("reasons", sa.String(length=500), nullable=False),
        sa.Column("comment", sa.String(length=1000), nullable=True),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=True),
        sa.Column("visited", sa.Boolean(), nullable=True),
        sa.Column("rated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["rating_invitations.id"]),
        sa.ForeignKeyConstraint(["issue_id"], ["rated_cases.issue_id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("invitation_id"),
        sa.UniqueConstraint("rating_id"),
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index("ix_ratings_issue", ["issue_id", "source"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_ratings_issue")
    op.drop_table("ratings")
    with op.batch_alter_table("rating_invitations", schema=None) as batch_op:
        batch_op.drop_index("ix_rating_invitations_open")
    op.drop_table("rating_invitations")
    op.drop_table("rated_cases")
