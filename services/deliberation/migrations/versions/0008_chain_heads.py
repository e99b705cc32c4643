"""the heads of the matters' logs as published, append-only like the log

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 19:00:00.000000

When a vote closes or a matter ends, the length and last hash of its log are published (the
closing event, the public board) and written here in the same transaction, so that
`gongzhi deliberation verify` finds a log cut short at its end. Triggers refuse UPDATE and
DELETE (and TRUNCATE on PostgreSQL), as for chain_entries.
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

REFUSED = "chain_heads is append-only"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER chain_heads_no_{verb.lower()} BEFORE {verb} ON chain_heads
    BEGIN SELECT RAISE(ABORT, '{REFUSED}: {verb} refused'); END"""
    for verb in ("UPDATE", "DELETE")
]

POSTGRESQL_FUNCTION = f"""CREATE FUNCTION chain_heads_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSED}: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END
$$"""

POSTGRESQL_TRIGGERS = [
    f"""CREATE TRIGGER chain_heads_no_{verb.lower()} BEFORE {verb} ON chain_heads
    FOR EACH {each} EXECUTE FUNCTION chain_heads_refuse()"""
    for verb, each in (("UPDATE", "ROW"), ("DELETE", "ROW"), ("TRUNCATE", "STATEMENT"))
]


def upgrade() -> None:
    op.create_table('chain_heads',
    sa.Column('matter_id', sa.String(length=64), nullable=False),
    sa.Column('length', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('why', sa.String(length=50), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('matter_id', 'length')
    )
    if op.get_bind().dialect.name == "postgresql":
        statements = [POSTGRESQL_FUNCTION, *POSTGRESQL_TRIGGERS]
    else:
        statements = SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    op.drop_table('chain_heads')  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION chain_heads_refuse()")
