"""routing's answers to the resident as report updates: their photos and status

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 08:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('report_updates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photos', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('report_updates', schema=None) as batch_op:
        batch_op.drop_column('status')
        batch_op.drop_column('photos')
