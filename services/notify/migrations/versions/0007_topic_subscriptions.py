"""topic subscriptions: staff who hear of every case in a grid or of a category

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 11:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'topic_subscriptions',
        sa.Column('recipient', sa.String(length=100), nullable=False),
        sa.Column('topic', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('recipient', 'topic'),
    )
    with op.batch_alter_table('topic_subscriptions', schema=None) as batch_op:
        batch_op.create_index('ix_topic_subscriptions_topic', ['topic'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('topic_subscriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_topic_subscriptions_topic')
    op.drop_table('topic_subscriptions')
