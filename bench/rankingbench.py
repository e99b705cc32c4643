"""Scoring's monthly ranking over 100,000 people, on the real database (SQLite, or PostgreSQL
when DATABASE_URL is set): one community's month as its public board is built (scoring.boards:
every person's points earned in the district's month from the ledger's legs, their approved
claims, the volunteers ranked by points, the party members by pioneer index, the stars, then
the public view of those who agreed to be shown), READS times, p50 and p99; beside a bare query
of the same rows measured in the same run (the month's earnings summed per person and ordered,
by hand, no shaping).

The people and their earnings are written by the database itself (a series): PEOPLE people of
one community over 72 grids, each with EARNINGS balanced earnings from the community's budget in
the month and one in the month before (which the ranking leaves out). Prints figures; judges
nothing. `python -m bench.rankingbench [--people N]`.
"""

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from bench import env, report
from gongzhi import migrations
from gongzhi.db import DatabaseSettings, create_engine_for
from scoring import boards, earning
from scoring.accounts import open_account, policy_of
from scoring.config import Scoring
from scoring.rankings_config import Rankings, StarLevel

PEOPLE = 100_000
EARNINGS = 3  # in the month, per person; and one in the month before
READS = 20
COMMUNITY, MONTH = "c1", "2026-12"
AT = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
SCORING = Scoring(
    roles=("volunteer", "party_member"),
    rankings=Rankings(stars=(StarLevel(1, {"points": 1000, "active": 100}),)),
)
BOOK = earning.Book(SCORING, "d1", policy_of(SCORING, "Asia/Shanghai"), frozenset({COMMUNITY}))
BARE = text(
    "SELECT p.person, p.grid, p.role, p.shown, p.alias, SUM(l.amount) AS points FROM legs l "
    "JOIN people p ON p.account_id = l.account_id WHERE l.kind = 'earn' AND l.amount > 0 "
    "AND l.at >= :start AND l.at < :end AND p.community = :community "
    "GROUP BY p.person, p.grid, p.role, p.shown, p.alias ORDER BY points DESC, p.person"
)


def main(people: int = PEOPLE) -> None:
    with env.databases(("scoring",)) as settings:
        print(report.plain("database", env.database_kind(settings["scoring"])))
        run(settings["scoring"], people)


def run(settings: DatabaseSettings, people: int, reads: int = READS) -> None:
    """Print the figures on the database `settings` names (a fresh one: it is migrated)."""
    migrations.upgrade("scoring", settings)
    engine = create_engine_for(settings)
    start = time.perf_counter()
    legs = _fill(engine, settings, people)
    took = time.perf_counter() - start
    print(
        report.plain("people, legs", f"{people:,} people, {legs:,} legs (written in {took:.1f} s)")
    )
    board = _reads(engine, _board, reads)
    bare = _reads(engine, _bare, reads)
    _print("a month's public board (scoring.boards)", board)
    _print("a bare query of the same rows", bare)
    engine.dispose()


def _board(session: Session) -> int:
    found = boards.board(session, BOOK, COMMUNITY, MONTH)
    shown = boards.public_view(found, SCORING.rankings.board_size)
    assert len(found["volunteers"]) == found["figures"]["active"]
    return len(shown["volunteers"])


def _bare(session: Session) -> int:
    start, end = BOOK.policy.month_of(AT.replace(day=15))
    return len(session.execute(BARE, {"start": start, "end": end, "community": COMMUNITY}).all())


def _reads(engine: Engine, read: Callable[[Session], int], reads: int) -> list[float]:
    took = []
    with Session(engine) as session:
        for _ in range(reads):
            start = time.perf_counter()
            read(session)
            took.append(time.perf_counter() - start)
            session.rollback()
    return sorted(took)


def _print(label: str, took: list[float]) -> None:
    p50, p99 = report.percentile(took, 0.5), report.percentile(took, 0.99)
    print(report.plain(label, f"p50 {report.millis(p50)}, p99 {report.millis(p99)}"))


def _fill(engine: Engine, settings: DatabaseSettings, people: int) -> int:
    """The people, their accounts and earnings, by the database; the legs written."""
    with Session(engine) as session, session.begin():
        budget = open_account(session, "budget", COMMUNITY, AT, community=COMMUNITY).id
    sqlite = settings.is_sqlite
    with engine.begin() as connection:
        for statement in _statements(people, budget, sqlite):
            connection.execute(text(statement))
        legs = connection.execute(text("SELECT count(*) FROM legs")).scalar_one()
    with engine.connect() as connection:
        statement = "ANALYZE" if sqlite else "VACUUM ANALYZE"
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text(statement))
    return int(legs)


def _statements(people: int, budget: int, sqlite: bool) -> list[str]:
    series = (
        f"SELECT generate_series(1, {people}) AS n"
        if not sqlite
        else f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {people}) "
        "SELECT n FROM s"
    )
    opened = _moment(AT, sqlite)
    made = [
        "INSERT INTO accounts (code, kind, community, role, opened_at) SELECT 'person:b-' || n, "
        f"'person', '{COMMUNITY}', CASE WHEN n % 5 = 0 THEN 'party_member' ELSE 'volunteer' END, "
        f"{opened} FROM ({series}) AS s",
        "INSERT INTO people (person, community, role, account_id, registered_at, grid, shown) "
        "SELECT substr(code, 8), community, role, id, opened_at, 'g' || (id % 72), id % 3 = 0 "
        "FROM accounts WHERE kind = 'person'",
    ]
    for k in range(EARNINGS + 1):  # k = 0: the month before
        at = _moment(datetime(2026, 11 if k == 0 else 12, 1 + 3 * k, 4, 0, tzinfo=UTC), sqlite)
        made += _earnings(k, at, series, budget)
    return made


def _earnings(k: int, at: str, series: str, budget: int) -> list[str]:
    """The k-th earning of every person: a transaction each, its person's leg, the budget's."""
    amount = f"(1 + (CAST(substr(t.key, 5) AS INTEGER) * 7 + {k}) % 20)"
    mine = f"FROM transactions t WHERE t.key LIKE 'rk{k}-%'"
    owned = mine.replace(
        "WHERE", "JOIN accounts a ON a.code = 'person:b-' || substr(t.key, 5) WHERE"
    )
    into = "INSERT INTO legs (transaction_id, account_id, amount, kind, at)"
    return [
        "INSERT INTO transactions (key, kind, actor, at) "
        f"SELECT 'rk{k}-' || n, 'earn', 'bench', {at} FROM ({series}) AS s",
        f"{into} SELECT t.id, a.id, {amount}, 'earn', t.at {owned}",
        f"{into} SELECT t.id, {budget}, -{amount}, 'earn', t.at {mine}",
    ]


def _moment(at: datetime, sqlite: bool) -> str:
    """A time as each database keeps it: SQLite as UTC text without an offset."""
    return f"'{at:%Y-%m-%d %H:%M:%S}.000000'" if sqlite else f"'{at:%Y-%m-%d %H:%M:%S}+00'"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.rankingbench", description=__doc__)
    parser.add_argument("--people", type=int, default=PEOPLE)
    main(people=parser.parse_args().people)
