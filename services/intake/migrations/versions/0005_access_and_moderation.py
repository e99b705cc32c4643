"""follow-up tokens, and moderation: reports and updates hidden from the public view

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 08:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

HIDDEN = ('reports', 'report_updates')


def upgrade() -> None:
    op.create_table(
        'follow_up_tokens',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('report_id', sa.String(length=36), nullable=False),
        sa.Column('co_report', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['report_id'], ['reports.id']),
        sa.PrimaryKeyConstraint('token_hash'),
    )
    with op.batch_alter_table('follow_up_tokens', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_follow_up_tokens_report_id'), ['report_id'], unique=False
        )
    for table in HIDDEN:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True))
            batch_op.add_column(sa.Column('hidden_by', sa.String(length=200), nullable=True))
            batch_op.add_column(sa.Column('hidden_reason', sa.String(length=30), nullable=True))


def downgrade() -> None:
    for table in HIDDEN:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('hidden_reason')
            batch_op.drop_column('hidden_by')
            batch_op.drop_column('hidden_at')
    with op.batch_alter_table('follow_up_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_tokens_report_id'))
    op.drop_table('follow_up_tokens')
