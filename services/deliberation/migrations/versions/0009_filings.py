"""plans filed with the street: what the party committee approved, for the street to read

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 19:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('filings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('matter_id', sa.String(length=36), nullable=False),
    sa.Column('community', sa.String(length=50), nullable=False),
    sa.Column('street', sa.String(length=50), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('plan_summary', sa.Text(), nullable=False),
    sa.Column('tasks', sa.Integer(), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_filings_matter_id', 'filings', ['matter_id'], unique=False)
    op.create_index('ix_filings_street', 'filings', ['street', 'filed_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_filings_street', table_name='filings')
    op.drop_index('ix_filings_matter_id', table_name='filings')
    op.drop_table('filings')
