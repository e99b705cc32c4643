"""Scoring's points ledger on the real database (SQLite, or PostgreSQL when DATABASE_URL is set).

Postings/s: earnings posted through scoring.ledger.post, one transaction each as the service
posts one per event (accounts locked, the key looked up, limits and caps checked, the balance
read), beside a raw loop that inserts the same rows (a transaction, its two legs) and commits,
with no check at all: the bare limit of the database under it. Alternated, median of ROUNDS.

Then the balance of an account with 1,000,000 entries (a community budget that paid every one
of them), read READS times: summed over every leg (the index alone on PostgreSQL, after a
VACUUM), and as ledger.balance reads it, from the latest checkpoint plus the legs after it (a
checkpoint taken, then FRESH more postings, which append their own every 500 legs); p50 and
p99 of each. Prints figures; judges
nothing. `python -m bench.ledgerbench [--entries N]`.
"""

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from bench import env, report
from gongzhi import migrations
from gongzhi.db import DatabaseSettings, create_engine_for
from scoring import ledger
from scoring.accounts import open_account, policy_of
from scoring.config import Limits, Scoring
from scoring.model import legs, transactions

POSTINGS = 2000  # per round, through the ledger and through the raw loop each
ROUNDS = 3
PEOPLE = 200
ENTRIES = 1_000_000
FRESH = 1000  # postings after the checkpoint, which ledger.balance sums on top of it
READS = 200
AT = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
SCORING = Scoring(
    roles=("volunteer",),
    limits={"volunteer": Limits(min_balance=0, daily_cap=10**9, monthly_cap=10**9)},
    default_budget=10**9,
)
POLICY = policy_of(SCORING, "Asia/Shanghai")


def main(postings: int = POSTINGS, entries: int = ENTRIES) -> None:
    with env.databases(("scoring",)) as settings:
        print(report.plain("database", env.database_kind(settings["scoring"])))
        run(settings["scoring"], postings, entries)


def run(settings: DatabaseSettings, postings: int, entries: int, rounds=ROUNDS, fresh=FRESH):
    """Print both figures on the database `settings` names (a fresh one: it is migrated)."""
    engine = _migrated(settings)
    budget, people = _accounts(engine)
    _print_postings(engine, budget, people, postings, rounds)
    _print_balances(engine, settings, (budget, people), entries, fresh)
    engine.dispose()


def _migrated(settings: DatabaseSettings) -> Engine:
    migrations.upgrade("scoring", settings)
    return create_engine_for(settings)


def _accounts(engine: Engine) -> tuple[str, list[str]]:
    with Session(engine) as session, session.begin():
        budget = open_account(session, "budget", "c1", AT, community="c1").code
        people = [
            open_account(session, "person", f"p-{n}", AT, community="c1", role="volunteer").code
            for n in range(PEOPLE)
        ]
    return budget, people


def _print_postings(engine: Engine, budget: str, people: list[str], count: int, rounds: int):
    through, raw = [], []
    for round_ in range(rounds):
        through.append(_timed(partial(_post, engine, budget, people, count, f"l{round_}")))
        raw.append(_timed(partial(_raw, engine, budget, people, count, f"r{round_}")))
    posted = report.rate(count, report.median(through))
    bare = report.rate(count, report.median(raw))
    label = f"postings through the ledger ({count})"
    print(report.against(label, (posted, "/s"), ("a raw insert loop", bare, "/s")))


def _timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _post(engine: Engine, budget: str, people: list[str], count: int, tag: str) -> None:
    with Session(engine) as session:
        for n in range(count):
            person = people[n % len(people)]
            made = (ledger.Leg(budget, -1), ledger.Leg(person, 1))
            ledger.post(session, ledger.Posting(f"{tag}-{n}", "earn", made, "bench", AT), POLICY)
            session.commit()


def _raw(engine: Engine, budget: str, people: list[str], count: int, tag: str) -> None:
    ids = _ids(engine, [budget, *people])
    with engine.connect() as connection:
        for n in range(count):
            row = {"key": f"{tag}-{n}", "kind": "earn", "actor": "bench", "at": AT}
            made = insert(transactions).values(row).returning(transactions.c.id)
            transaction_id = connection.execute(made).scalar_one()
            pair = [(ids[budget], -1), (ids[people[n % len(people)]], 1)]
            rows = [_leg(transaction_id, account, amount) for account, amount in pair]
            connection.execute(insert(legs), rows)
            connection.commit()


def _leg(transaction_id: int, account_id: int, amount: int) -> dict:
    fields = {"transaction_id": transaction_id, "account_id": account_id, "amount": amount}
    return {**fields, "kind": "earn", "at": AT}


def _ids(engine: Engine, codes: list[str]) -> dict[str, int]:
    from scoring.model import accounts

    with engine.connect() as connection:
        rows = connection.execute(select(accounts.c.code, accounts.c.id)).all()
    return {code: account_id for code, account_id in rows if code in set(codes)}


def _print_balances(engine, settings: DatabaseSettings, accounts, entries: int, fresh: int):
    budget, people = accounts
    budget_id = _ids(engine, [budget])[budget]
    start = time.perf_counter()
    _fill(engine, settings, budget_id, _ids(engine, people[:1])[people[0]], entries)
    filled = time.perf_counter() - start
    with Session(engine) as session:
        held = session.scalar(select(func.count()).where(legs.c.account_id == budget_id))
    print(report.plain("entries of the budget account", f"{held:>9,} (written in {filled:.1f} s)"))
    summed = _reads(engine, lambda s: ledger.summed(s, budget_id))
    _print_reads("balance summed over every leg", summed)
    with Session(engine) as session, session.begin():
        start = time.perf_counter()
        ledger.checkpoint(session, budget_id, AT)
        took = time.perf_counter() - start
    print(report.plain("a checkpoint of it", report.millis(took)))
    _post(engine, budget, people, fresh, "fresh")
    checked = _reads(engine, lambda s: ledger.balance(s, budget_id))
    _print_reads(f"ledger.balance ({fresh} postings later)", checked)
    with Session(engine) as session:
        assert ledger.balance(session, budget_id) == ledger.summed(session, budget_id)


def _fill(engine: Engine, settings: DatabaseSettings, budget_id: int, person_id: int, count: int):
    """`count` balanced earnings from the budget to one person, written by the database itself
    (a series), so the bench spends its time reading, not writing."""
    series = (
        f"SELECT generate_series(1, {count}) AS n"
        if not settings.is_sqlite
        else f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count}) "
        "SELECT n FROM s"
    )
    at = "'2026-12-02 04:00:00+00'" if not settings.is_sqlite else "'2026-12-02 04:00:00.000000'"
    with engine.begin() as connection:
        connection.execute(
            text(
                f"INSERT INTO transactions (key, kind, actor, at) SELECT 'fill-' || n, 'earn', "
                f"'bench', {at} FROM ({series}) AS s"
            )
        )
        for account, amount in ((budget_id, -1), (person_id, 1)):
            connection.execute(
                text(
                    "INSERT INTO legs (transaction_id, account_id, amount, kind, at) "
                    f"SELECT id, {account}, {amount}, 'earn', at FROM transactions "
                    "WHERE key LIKE 'fill-%' ORDER BY id"
                )
            )
    _vacuum(engine, settings)


def _vacuum(engine: Engine, settings: DatabaseSettings) -> None:
    """Fresh statistics, and on PostgreSQL the visibility map an index-only scan needs."""
    statement = "ANALYZE" if settings.is_sqlite else "VACUUM ANALYZE legs"
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text(statement))


def _reads(engine: Engine, read: Callable[[Session], int]) -> list[float]:
    took = []
    with Session(engine) as session:
        for _ in range(READS):
            start = time.perf_counter()
            read(session)
            took.append(time.perf_counter() - start)
            session.rollback()
    return sorted(took)


def _print_reads(label: str, took: list[float]) -> None:
    p50, p99 = report.percentile(took, 0.5), report.percentile(took, 0.99)
    print(report.plain(label, f"p50 {report.millis(p50)}, p99 {report.millis(p99)}"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.ledgerbench", description=__doc__)
    parser.add_argument("--entries", type=int, default=ENTRIES)
    parser.add_argument("--postings", type=int, default=POSTINGS)
    options = parser.parse_args()
    main(postings=options.postings, entries=options.entries)
