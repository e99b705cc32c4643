"""the redemption shop: items and orders

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 18:50:00

An item's stock never goes under 0: a CHECK here, beside the conditional UPDATE that takes one.
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shop_items',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('community', sa.String(length=50), nullable=False),
    sa.Column('provider', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('price', sa.Integer(), nullable=False),
    sa.Column('stock', sa.Integer(), nullable=False),
    sa.Column('per_month', sa.Integer(), nullable=True),
    sa.Column('per_person', sa.Integer(), nullable=True),
    sa.Column('needs_approval', sa.Boolean(), nullable=False),
    sa.Column('voucher_days', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('stock >= 0', name='ck_shop_items_stock'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('shop_items', schema=None) as batch_op:
        batch_op.create_index('ix_shop_items_community', ['community', 'id'], unique=False)

    op.create_table('shop_orders',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('person', sa.String(length=100), nullable=False),
    sa.Column('community', sa.String(length=50), nullable=False),
    sa.Column('provider', sa.String(length=100), nullable=False),
    sa.Column('price', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('placed_by', sa.String(length=200), nullable=False),
    sa.Column('client_key', sa.String(length=200), nullable=False),
    sa.Column('placed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=200), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['shop_items.id'], ),
    sa.ForeignKeyConstraint(['person'], ['people.person'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('placed_by', 'client_key', name='uq_shop_orders_client_key')
    )
    with op.batch_alter_table('shop_orders', schema=None) as batch_op:
        batch_op.create_index('ix_shop_orders_community', ['community', 'placed_at'], unique=False)
        batch_op.create_index('ix_shop_orders_person', ['person', 'item_id'], unique=False)
        batch_op.create_index('ix_shop_orders_due', ['status', 'expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('shop_orders', schema=None) as batch_op:
        batch_op.drop_index('ix_shop_orders_due')
        batch_op.drop_index('ix_shop_orders_person')
        batch_op.drop_index('ix_shop_orders_community')

    op.drop_table('shop_orders')
    with op.batch_alter_table('shop_items', schema=None) as batch_op:
        batch_op.drop_index('ix_shop_items_community')

    op.drop_table('shop_items')
