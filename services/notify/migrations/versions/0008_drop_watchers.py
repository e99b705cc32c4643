"""drop watchers: co-reporters are known from the contacts intake shares (resident_contacts)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 12:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table('watchers')


def downgrade() -> None:
    op.create_table(
        'watchers',
        sa.Column('subject', sa.String(length=100), nullable=False),
        sa.Column('watcher_ref', sa.String(length=64), nullable=False),
        sa.Column('since', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('subject', 'watcher_ref'),
    )
