"""Closing an assembly vote of 10,000 stored ballots through deliberation's database path
(closing.close: load the roster, proxies and ballots, tally.py's count, the result stored, the
chain appended, the event written to the outbox), beside the bare `SELECT option, count(*)
GROUP BY option` over the same rows, measured in the same run. Each round closes a vote of its
own (a vote closes once); the same ballots (bench/tallybench.py's assembly) in each. SQLite, or
PostgreSQL under DATABASE_URL. Prints figures; judges nothing. `python -m bench.voteclosebench`.
"""

import statistics
import time
from datetime import UTC, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bench import env, report, tallybench
from deliberation import closing, model, voting
from gongzhi import migrations
from gongzhi.db import create_engine_for
from gongzhi.outbox import Outbox

ROUNDS = 3
AT = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)


def main() -> None:
    with env.databases(("deliberation",)) as settings:
        migrations.upgrade("deliberation", settings["deliberation"])
        engine = create_engine_for(settings["deliberation"])
        try:
            with Session(engine) as session:
                print_figures(measure(session), engine.dialect.name)
        finally:
            engine.dispose()


def store(session: Session, matter_id: str, vote: tallybench.Vote) -> None:
    """The vote opened and its proxies and ballots stored as the API stores them."""
    roster, ballots, proxies, rules = vote
    voting.open_vote(
        session, matter_id, "620502001001", {v.person: v.party for v in roster}, rules, AT
    )
    session.execute(
        insert(model.vote_proxies),
        [
            {
                "matter_id": matter_id,
                "voter": p.voter,
                "holder": p.holder,
                "document": "委托书",
                "recorded_by": p.voter,
                "appointed_at": AT,
            }
            for p in proxies
        ],
    )
    session.execute(
        insert(model.open_ballots),
        [
            {
                "matter_id": matter_id,
                "voter": b.voter,
                "cast_by": b.cast_by,
                "option": b.option,
                "cast_at": AT,
            }
            for b in ballots
        ],
    )
    session.commit()


def measure(session: Session) -> dict:
    vote = tallybench.assembly()
    took: dict[str, list[float]] = {"close": [], "bare": []}
    outbox_table = model.metadata.tables["outbox"]
    for n in range(ROUNDS):
        matter_id = f"bench-{n}"
        store(session, matter_id, vote)
        started = time.perf_counter()
        outbox = Outbox(
            session,
            outbox_table,
            source="/gongzhi/bench/deliberation",
            district="bench",
            correlationid=None,
            cause=None,
            now=AT,
        )
        result = closing.close(session, outbox, matter_id, "bench", AT)
        session.commit()
        took["close"].append(time.perf_counter() - started)
        started = time.perf_counter()
        b = model.open_ballots.c
        session.execute(
            select(b.option, func.count()).where(b.matter_id == matter_id).group_by(b.option)
        ).all()
        session.commit()
        took["bare"].append(time.perf_counter() - started)
    figures = {name: statistics.median(seconds) for name, seconds in took.items()}
    return figures | {"ballots": len(vote[1]), "carried": result["carried"]}


def print_figures(f: dict, database: str) -> None:
    ballots = f["ballots"]
    bare = ("bare SELECT option, count(*) GROUP BY", report.rate(ballots, f["bare"]), "ballots/s")
    label = f"closing a vote of {ballots:,} stored ballots ({database})"
    print(report.against(label, (report.rate(ballots, f["close"]), "ballots/s"), bare))
    print(report.plain("  per close", report.millis(f["close"])))
    print(report.plain("  bare query", report.millis(f["bare"])))


if __name__ == "__main__":
    main()
