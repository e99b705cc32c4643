"""staff preferences per topic, and the digest a suppressed message was folded into

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'preferences',
        sa.Column('recipient', sa.String(length=100), nullable=False),
        sa.Column('topic', sa.String(length=50), nullable=False),
        sa.Column('channels', sa.JSON(), server_default='[]', nullable=False),
        sa.Column('opted_out', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('digest', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('recipient', 'topic'),
    )
    with op.batch_alter_table('deliveries') as batch:
        batch.add_column(sa.Column('digest_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            'fk_deliveries_digest_id', 'deliveries', ['digest_id'], ['id']
        )


def downgrade() -> None:
    with op.batch_alter_table('deliveries') as batch:
        batch.drop_constraint('fk_deliveries_digest_id', type_='foreignkey')
        batch.drop_column('digest_id')
    op.drop_table('preferences')
