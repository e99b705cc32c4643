"""provisional clock times and the calendar they were worked out with

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('clocks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('provisional', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('calendar_version', sa.String(length=12), nullable=True))
        batch_op.create_index('ix_clocks_provisional', ['provisional'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('clocks', schema=None) as batch_op:
        batch_op.drop_index('ix_clocks_provisional')
        batch_op.drop_column('calendar_version')
        batch_op.drop_column('provisional')
