"""cases linked to a council's matter: promoted into it, or opened for a task of its plan

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 14:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('issues', schema=None) as batch_op:
        batch_op.add_column(sa.Column('matter_id', sa.String(length=36), nullable=True))
        batch_op.add_column(
            sa.Column('origin', sa.String(length=20), server_default='report', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('issues', schema=None) as batch_op:
        batch_op.drop_column('origin')
        batch_op.drop_column('matter_id')
