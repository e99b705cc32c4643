"""the public board's index: a community's decisions, newest first

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 15:10:00.000000

The board lists a community's closed votes by when they closed (board.decisions), a page at a
time: without this index each page sorts every vote of the community.
"""

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_votes_decided', 'votes', ['community', 'closed_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_votes_decided', table_name='votes')
