"""work orders of other platforms, kept to hand each step of their case back

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'work_orders',
        sa.Column('platform', sa.String(length=40), nullable=False),
        sa.Column('work_order_id', sa.String(length=100), nullable=False),
        sa.Column('report_id', sa.String(length=36), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['report_id'], ['reports.id']),
        sa.PrimaryKeyConstraint('platform', 'work_order_id'),
    )
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_orders_report_id'), ['report_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_orders_report_id'))
    op.drop_table('work_orders')
