"""secret paper ballots: a turnout row says it was entered on paper, a box row who entered and
who confirmed it

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 15:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        'turnout', sa.Column('paper', sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column('ballot_box', sa.Column('entered_by', sa.String(length=200), nullable=True))
    op.add_column('ballot_box', sa.Column('confirmed_by', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ballot_box') as batch:
        batch.drop_column('confirmed_by')
        batch.drop_column('entered_by')
    with op.batch_alter_table('turnout') as batch:
        batch.drop_column('paper')
