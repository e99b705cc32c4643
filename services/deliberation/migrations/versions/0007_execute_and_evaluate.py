"""execute and evaluate: tasks' states, the residents of cases, ratings and evaluations

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 19:00:00.000000

A carried plan's tasks are sent to routing or done by the council (plan_tasks.state); the
reporters of the cases promoted into a matter may rate its outcome with the assembly
(case_residents, ratings); staff close the evaluation with its counts and a review date
(evaluations, matters.review_on, which the sweeper looks matters up by).
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plan_tasks') as batch:
        batch.add_column(sa.Column('state', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('state_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_matters_review_on', 'matters', ['review_on'], unique=False)
    op.create_table(
        'case_residents',
        sa.Column('issue_id', sa.String(length=36), nullable=False),
        sa.Column('resident_ref', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('issue_id', 'resident_ref'),
    )
    op.create_table(
        'ratings',
        sa.Column('matter_id', sa.String(length=36), nullable=False),
        sa.Column('step_seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('rater', sa.String(length=200), nullable=False),
        sa.Column('rater_kind', sa.String(length=20), nullable=False),
        sa.Column('verdict', sa.String(length=20), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('rated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['matter_id'], ['matters.id']),
        sa.PrimaryKeyConstraint('matter_id', 'step_seq', 'rater'),
    )
    op.create_table(
        'evaluations',
        sa.Column('matter_id', sa.String(length=36), nullable=False),
        sa.Column('step_seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('review_on', sa.Date(), nullable=True),
        sa.Column('closed_by', sa.String(length=200), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['matter_id'], ['matters.id']),
        sa.PrimaryKeyConstraint('matter_id', 'step_seq'),
    )


def downgrade() -> None:
    op.drop_table('evaluations')
    op.drop_table('ratings')
    op.drop_table('case_residents')
    op.drop_index('ix_matters_review_on', table_name='matters')
    with op.batch_alter_table('plan_tasks') as batch:
        batch.drop_column('sent_at')
        batch.drop_column('state_at')
        batch.drop_column('state')

