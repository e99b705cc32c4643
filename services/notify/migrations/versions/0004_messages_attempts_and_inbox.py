"""messages owed per recipient, each attempt to send one, the in-app inbox, and API keys

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

MESSAGE_COLUMNS = (
    sa.Column('topic', sa.String(length=50), server_default='case', nullable=False),
    sa.Column('critical', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('chain', sa.JSON(), server_default='[]', nullable=False),
    sa.Column('step', sa.Integer(), server_default='0', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rendered', sa.JSON(), server_default='{}', nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('event_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('correlation_id', sa.String(length=200), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
)


def upgrade() -> None:
    op.create_table(
        'api_keys',
        sa.Column('key_id', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=30), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('key_id'),
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        for column in MESSAGE_COLUMNS:
            batch_op.add_column(column)
        batch_op.create_index('ix_deliveries_due', ['status', 'due_at'], unique=False)
        batch_op.create_unique_constraint(
            'uq_deliveries_once', ['event_id', 'recipient', 'template']
        )
    op.create_table(
        'delivery_attempts',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('delivery_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=50), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('error', sa.String(length=300), nullable=True),
        sa.Column('provider_id', sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(['delivery_id'], ['deliveries.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_delivery_attempts_delivery_id'), ['delivery_id'], unique=False
        )
    op.create_table(
        'inbox_messages',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('recipient', sa.String(length=100), nullable=False),
        sa.Column('delivery_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=100), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['delivery_id'], ['deliveries.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('delivery_id'),
    )
    with op.batch_alter_table('inbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_inbox_recipient', ['recipient', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_recipient')
    op.drop_table('inbox_messages')
    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_attempts_delivery_id'))
    op.drop_table('delivery_attempts')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_constraint('uq_deliveries_once', type_='unique')
        batch_op.drop_index('ix_deliveries_due')
        for column in reversed(MESSAGE_COLUMNS):
            batch_op.drop_column(column.name)
    op.drop_table('api_keys')
