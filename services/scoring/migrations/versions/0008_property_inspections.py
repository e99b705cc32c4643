"""assessment: each fact's grid, and property companies' inspections

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 19:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assessment_facts') as batch:
        batch.add_column(sa.Column('grid', sa.String(length=50), nullable=True))
    op.create_table(
        'property_inspections',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('company', sa.String(length=100), nullable=False),
        sa.Column('community', sa.String(length=50), nullable=False),
        sa.Column('inspected_on', sa.Date(), nullable=False),
        sa.Column('mark', sa.Float(), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=True),
        sa.Column('entered_by', sa.String(length=200), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        'ix_property_inspections_company', 'property_inspections', ['company', 'inspected_on']
    )


def downgrade() -> None:
    op.drop_index('ix_property_inspections_company', table_name='property_inspections')
    op.drop_table('property_inspections')
    with op.batch_alter_table('assessment_facts') as batch:
        batch.drop_column('grid')
