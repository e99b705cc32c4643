"""directory and residents' contacts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('directory',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('wecom', sa.String(length=100), nullable=True),
    sa.Column('dingtalk', sa.String(length=100), nullable=True),
    sa.Column('feishu', sa.String(length=100), nullable=True),
    sa.Column('community', sa.String(length=50), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('resident_contacts',
    sa.Column('report_id', sa.String(length=100), nullable=False),
    sa.Column('ref', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=10), nullable=False),
    sa.Column('co_report', sa.Boolean(), nullable=False),
    sa.Column('token', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('report_id', 'ref')
    )
    op.create_table('contact_purges',
    sa.Column('report_id', sa.String(length=100), nullable=False),
    sa.Column('status_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('purge_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('report_id')
    )
    with op.batch_alter_table('contact_purges', schema=None) as batch_op:
        batch_op.create_index('ix_contact_purges_due', ['purge_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contact_purges', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_purges_due')

    op.drop_table('contact_purges')
    op.drop_table('resident_contacts')
    op.drop_table('directory')
