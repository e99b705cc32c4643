"""assembly votes: roster, proxies, open and secret ballots, paper ballots, API keys

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 15:00:00.000000

ballot_box is WITHOUT ROWID on SQLite, so its rows lie in the order of their random keys, not
the order ballots came in (secret.py).
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table('votes',
    sa.Column('matter_id', sa.String(length=64), primary_key=True),
    sa.Column('community', sa.String(length=50), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('opened_at', WHEN, nullable=False),
    sa.Column('closes_at', WHEN, nullable=True),
    sa.Column('closed_at', WHEN, nullable=True),
    sa.Column('closed_by', sa.String(length=200), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    )
    op.create_table('vote_roster',
    sa.Column('matter_id', sa.String(length=64), primary_key=True),
    sa.Column('person', sa.String(length=100), primary_key=True),
    sa.Column('party', sa.String(length=100), nullable=False),
    )
    op.create_table('vote_proxies',
    sa.Column('matter_id', sa.String(length=64), primary_key=True),
    sa.Column('voter', sa.String(length=100), primary_key=True),
    sa.Column('holder', sa.String(length=100), nullable=False),
    sa.Column('document', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('appointed_at', WHEN, nullable=False),
    )
    op.create_table('open_ballots',
    sa.Column('matter_id', sa.String(length=64), primary_key=True),
    sa.Column('voter', sa.String(length=100), primary_key=True),
    sa.Column('cast_by', sa.String(length=100), primary_key=True),
    sa.Column('option', sa.String(length=20), nullable=False),
    sa.Column('cast_at', WHEN, nullable=False),
    )
    op.create_table('turnout',
    sa.Column('matter_id', sa.String(length=64), primary_key=True),
    sa.Column('voter', sa.String(length=100), primary_key=True),
    sa.Column('cast_by', sa.String(length=100), nullable=False),
    sa.Column('cast_at', WHEN, nullable=False),
    )
    op.create_table('ballot_box',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('matter_id', sa.String(length=64), nullable=False),
    sa.Column('party', sa.String(length=100), nullable=False),
    sa.Column('option', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id', name='pk_ballot_box'),
    sqlite_with_rowid=False,
    )
    op.create_index('ix_ballot_box_matter_id', 'ballot_box', ['matter_id'])
    op.create_table('paper_ballots',
    sa.Column('id', sa.Integer(), autoincrement=True, primary_key=True),
    sa.Column('matter_id', sa.String(length=64), nullable=False),
    sa.Column('voter', sa.String(length=100), nullable=False),
    sa.Column('option', sa.String(length=20), nullable=False),
    sa.Column('entered_by', sa.String(length=200), nullable=False),
    sa.Column('entered_at', WHEN, nullable=False),
    sa.Column('confirmed_by', sa.String(length=200), nullable=True),
    sa.Column('confirmed_at', WHEN, nullable=True),
    sa.UniqueConstraint('matter_id', 'voter', name='uq_paper_ballots_voter'),
    )
    op.create_index('ix_paper_ballots_matter_id', 'paper_ballots', ['matter_id'])
    op.create_table('api_keys',
    sa.Column('key_id', sa.String(length=32), primary_key=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', WHEN, nullable=False),
    sa.Column('revoked_at', WHEN, nullable=True),
    )


def downgrade() -> None:
    for table in ('api_keys', 'paper_ballots', 'ballot_box', 'turnout', 'open_ballots',
                  'vote_proxies', 'vote_roster', 'votes'):
        op.drop_table(table)
