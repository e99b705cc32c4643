"""rankings: people's grid, consent to be shown and alias; indexes for a month's earnings

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 18:50:00.000000

A person is shown on a public board only once they agreed: `shown` is false for everyone
registered before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("grid", sa.String(length=50), nullable=True))
        batch.add_column(
            sa.Column("shown", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("alias", sa.String(length=30), nullable=True))
        batch.create_index("ix_people_community", ["community", "grid"])
        batch.create_index("ix_people_account", ["account_id"], unique=True)
    op.create_index("ix_legs_earned", "legs", ["kind", "at", "account_id", "amount"])


def downgrade() -> None:
    op.drop_index("ix_legs_earned", table_name="legs")
    with op.batch_alter_table("people") as batch:
        batch.drop_index("ix_people_account")
        batch.drop_index("ix_people_community")
        batch.drop_column("alias")
        batch.drop_column("shown")
        batch.drop_column("grid")
