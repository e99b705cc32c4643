"""The points ledger's month for an export (exports.py): every leg posted in it on an account
of the scope, then each such account's balance at the month's start (opening), what came in
and went out in it, and its balance at the end (closing = opening + in + out). Both are read
from the legs, as ledger.summed reads a balance, an account at a time in the database."""

from collections.abc import Iterator
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from scoring.export_tables import Export, Table, in_scope, local, stream
from scoring.model import accounts, legs, transactions


def tables(session: Session, wanted: Export) -> list[Table]:
    return [postings_table(session, wanted), balances_table(session, wanted)]


def postings_table(session: Session, wanted: Export) -> Table:

    query = (
        select(
            legs.c.at,
            legs.c.transaction_id,
            transactions.c.key,
            transactions.c.kind,
            transactions.c.rule,
            accounts.c.code,
            accounts.c.community,
            legs.c.amount,
        )
        .join(transactions, transactions.c.id == legs.c.transaction_id)
        .join(accounts, accounts.c.id == legs.c.account_id)
        .where(legs.c.at >= wanted.start, legs.c.at < wanted.end)
        .where(*in_scope(accounts.c.community, wanted.scope))
        .order_by(legs.c.id)
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in stream(session, query):
            at = local(row.at, wanted.zone)
            yield (at, row.transaction_id, row.key, row.kind, row.rule or "", row.code, *row[6:])

    header = ("at", "transaction", "reference", "kind", "rule", "account", "community", "amount")
    return Table("postings", header, rows(), summed=("amount",), counted="reference")


def balances_table(session: Session, wanted: Export) -> Table:
    """Every account of the scope opened by the month's end, by code."""

    before = legs.c.at < wanted.start
    during = (legs.c.at >= wanted.start) & (legs.c.at < wanted.end)
    sums = (
        select(
            legs.c.account_id,
            _sum(legs.c.amount, before).label("opening"),
            _sum(legs.c.amount, during & (legs.c.amount > 0)).label("came_in"),
            _sum(legs.c.amount, during & (legs.c.amount < 0)).label("went_out"),
        )
        .where(legs.c.at < wanted.end)
        .group_by(legs.c.account_id)
        .subquery()
    )
    query = (
        select(
            accounts.c.code,
            accounts.c.kind,
            accounts.c.community,
            sums.c.opening,
            sums.c.came_in,
            sums.c.went_out,
        )
        .outerjoin(sums, sums.c.account_id == accounts.c.id)
        .where(accounts.c.opened_at < wanted.end, *in_scope(accounts.c.community, wanted.scope))
        .order_by(accounts.c.code)
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in stream(session, query):
            opening, came_in, went_out = (int(value or 0) for value in row[3:])
            moved = came_in + went_out
            yield (
                row.code,
                row.kind,
                row.community or "",
                opening,
                came_in,
                went_out,
                moved,
                opening + moved,
            )

    header = ("account", "kind", "community", "opening", "in", "out", "movements", "closing")
    summed = ("opening", "in", "out", "movements", "closing")
    return Table("balances", header, rows(), summed=summed)


def _sum(amount, when):
    return func.coalesce(func.sum(case((when, amount), else_=0)), 0)
