"""assessment: facts per case, each owner's closed month, the months closed

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'assessment_facts',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('issue_id', sa.String(length=100), nullable=False),
        sa.Column('fact', sa.String(length=20), nullable=False),
        sa.Column('owner_kind', sa.String(length=30), nullable=False),
        sa.Column('owner_id', sa.String(length=100), nullable=False),
        sa.Column('community', sa.String(length=50), nullable=True),
        sa.Column('category', sa.String(length=100), nullable=True),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('on_time', sa.Boolean(), nullable=True),
        sa.Column('verdict', sa.String(length=20), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        'ix_assessment_facts_month', 'assessment_facts', ['month', 'owner_kind', 'owner_id']
    )
    op.create_index('ix_assessment_facts_issue', 'assessment_facts', ['issue_id', 'fact'])
    op.create_table(
        'assessments',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('owner_kind', sa.String(length=30), nullable=False),
        sa.Column('owner_id', sa.String(length=100), nullable=False),
        sa.Column('cases', sa.Integer(), nullable=False),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('threshold', sa.Float(), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.Column('card', sa.Boolean(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('month', 'owner_kind', 'owner_id', name='uq_assessments_owner_month'),
    )
    op.create_table(
        'assessed_months',
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('month'),
    )


def downgrade() -> None:
    op.drop_table('assessed_months')
    op.drop_table('assessments')
    op.drop_index('ix_assessment_facts_issue', table_name='assessment_facts')
    op.drop_index('ix_assessment_facts_month', table_name='assessment_facts')
    op.drop_table('assessment_facts')
