"""the hash-chained log of matters, append-only in the database

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 09:00:00.000000

The triggers refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) of chain_entries, so that a
service bug or a hurried hand cannot rewrite the log: whoever means to must first drop a trigger,
which is a deliberate act, and `gongzhi deliberation verify` still finds what they changed.
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

REFUSED = "chain_entries is append-only"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER chain_entries_no_{verb.lower()} BEFORE {verb} ON chain_entries
    BEGIN SELECT RAISE(ABORT, '{REFUSED}: {verb} refused'); END"""
    for verb in ("UPDATE", "DELETE")
]

# restrict_violation (SQLSTATE 23001): an integrity error, as SQLite's RAISE(ABORT) is.
POSTGRESQL_FUNCTION = f"""CREATE FUNCTION chain_entries_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSED}: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END
$$"""

POSTGRESQL_TRIGGERS = [
    f"""CREATE TRIGGER chain_entries_no_{verb.lower()} BEFORE {verb} ON chain_entries
    FOR EACH {each} EXECUTE FUNCTION chain_entries_refuse()"""
    for verb, each in (("UPDATE", "ROW"), ("DELETE", "ROW"), ("TRUNCATE", "STATEMENT"))
]


def upgrade() -> None:
    op.create_table('chain_entries',
    sa.Column('matter_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('previous', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('matter_id', 'seq')
    )
    if op.get_bind().dialect.name == "postgresql":
        statements = [POSTGRESQL_FUNCTION, *POSTGRESQL_TRIGGERS]
    else:
        statements = SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    op.drop_table('chain_entries')  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION chain_entries_refuse()")
