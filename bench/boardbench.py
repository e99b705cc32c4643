"""The public board (两公开) at 10,000 matters: deliberation served in a process of its own
(`gongzhi serve`, after `gongzhi db upgrade`), its board's JSON and HTML pages requested over HTTP
from this process, one after another: p50/p99 per page, beside a bare query of the same rows on
the same database measured in the same run (the same SELECT by hand, no HTTP, no shaping).

The matters are one community's, all decided: REAL of them taken through deliberation's own
decisions (opened, met on, minuted, planned, reviewed, voted on by the assembly, closed; every
other one carried, the rest short of a party's quorum), the rest copies of these with ids and
close times of their own (their rows in matters, votes, the chain's steps, plans and tasks), so
the list is 10,000 decisions deep. Pages: the first page of decisions and one 5,000 decisions in
(by the cursor the API gives), and single matters picked at random. SQLite, or PostgreSQL under
DATABASE_URL. Prints figures; judges nothing. `python -m bench.boardbench`.
"""

import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote

import requests
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bench import env, report
from bench.boardseed import COMMUNITY, seed
from deliberation import board
from deliberation.model import votes
from gongzhi import keyset
from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.testing.processes import Served, database_environ

MATTERS, REAL, REQUESTS, LIMIT = 10_000, 40, 300, 20
DEEP = 5_000  # decisions before the deep page
SEED = 13
BARE_MATTER = (  # the matter and its vote, its steps, its newest plan's tasks
    text(
        "SELECT m.*, v.opened_at, v.closed_at, v.rules, v.result FROM matters m "
        "LEFT JOIN votes v ON v.matter_id = m.id WHERE m.id = :id"
    ),
    text(
        "SELECT kind, at, data FROM chain_entries WHERE matter_id = :id "
        "AND kind IN ('raised', 'stepped') ORDER BY seq"
    ),
    text(
        "SELECT p.summary, p.written_at, t.title, t.owner_kind, t.owner_id, t.due_at "
        "FROM plans p JOIN plan_tasks t ON t.plan_id = p.id WHERE p.id = "
        "(SELECT max(id) FROM plans WHERE matter_id = :id) ORDER BY t.title"
    ),
)
FIRST, DEEP_IN, ONE = "first page", "deep page", "one matter"


def main() -> None:
    with (
        env.amqp_vhost() as uri,
        env.databases(("deliberation",)) as settings,
        tempfile.TemporaryDirectory(prefix="gongzhi-board-") as folder,
    ):
        figures = measure(uri, settings["deliberation"], Path(folder))
    print_figures(figures)


def measure(
    uri: str,
    settings: DatabaseSettings,
    folder: Path,
    *,
    matters: int = MATTERS,
    real: int = REAL,
    requests_per_page: int = REQUESTS,
) -> dict:
    environ = {"AMQP_URI": uri, **database_environ({"deliberation": settings})}
    served = Served(folder, environ)
    engine = create_engine_for(settings)
    try:
        served.prepare("deliberation")
        with Session(engine) as session:
            ids = seed(session, matters, real)
            _analyze(session)
        served.start("deliberation")
        with Session(engine) as session:
            figures = _pages(served, session, ids, requests_per_page)
    finally:
        served.stop_all()
        engine.dispose()
    return figures | {"matters": len(ids), "real": real, "database": engine.dialect.name}


def _pages(served: Served, session: Session, ids: list[str], count: int) -> dict:
    """Each page `count` times over HTTP and its bare query `count` times, side by side."""
    deep_in = min(DEEP, len(ids) - 1)
    deep = quote(_cursor(session, deep_in))
    picked = random.Random(SEED).choices(ids, k=count)
    json_list = f"/api/v1/public/communities/{COMMUNITY}/matters"
    pages = {  # name: (the path of the n-th request, the bare query beside it)
        "JSON decisions, first page": (lambda n: json_list, FIRST),
        f"JSON decisions, {deep_in:,} in": (lambda n: f"{json_list}?cursor={deep}", DEEP_IN),
        "JSON one matter": (lambda n: f"/api/v1/public/matters/{picked[n]}", ONE),
        "HTML board, first page": (lambda n: f"/board/{COMMUNITY}", FIRST),
        f"HTML board, {deep_in:,} in": (lambda n: f"/board/{COMMUNITY}?cursor={deep}", DEEP_IN),
        "HTML one matter": (lambda n: f"/board/matters/{picked[n]}", ONE),
    }
    with requests.Session() as http:
        took = {
            name: (_requested(served, http, path, count), bare)
            for name, (path, bare) in pages.items()
        }
    after = keyset.decode(unquote(deep))
    bare = {
        FIRST: _timed(count, lambda n: _bare_page(session, None)),
        DEEP_IN: _timed(count, lambda n: _bare_page(session, after)),
        ONE: _timed(count, lambda n: _bare_matter(session, picked[n])),
    }
    return {"pages": took, "bare": bare}


def _analyze(session: Session) -> None:
    """PostgreSQL's planner statistics for the rows just written, as autovacuum would have them
    in a database that has run a while (without them it sorts a community's every vote)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE votes, matters, chain_entries, plans, plan_tasks"))
        session.commit()


def _requested(served: Served, http: requests.Session, path: Callable, count: int) -> list:
    def get(n: int) -> None:
        answer = http.get(served.url("deliberation", path(n)), timeout=30)
        answer.raise_for_status()

    return _timed(count, get)


def _timed(count: int, work: Callable[[int], object]) -> list[float]:
    took = []
    for n in range(count):
        started = time.perf_counter()
        work(n)
        took.append(time.perf_counter() - started)
    return sorted(took)


def _bare_page(session: Session, after) -> list:
    """The page's SELECT as the board runs it, its rows as the driver gives them."""
    return session.execute(board.decisions_query(COMMUNITY, after, LIMIT)).all()


def _bare_matter(session: Session, matter_id: str) -> list:
    return [session.execute(query, {"id": matter_id}).all() for query in BARE_MATTER]


def _cursor(session: Session, decisions: int) -> str:
    """The API's cursor after the `decisions`-th newest decision."""
    v = votes.c
    newest = select(v.matter_id, v.closed_at).where(v.community == COMMUNITY)
    newest = newest.order_by(v.closed_at.desc(), v.matter_id.desc())
    row = session.execute(newest.offset(decisions - 1).limit(1)).one()
    return keyset.encode(keyset.utc(row.closed_at), row.matter_id)


def print_figures(f: dict) -> None:
    print(
        f"board     {f['matters']:,} decided matters of one community ({f['real']} through "
        f"deliberation's decisions, the rest copies), {f['database']}; deliberation served "
        f"in a process of its own, pages requested one at a time from this one"
    )
    for name, (took, bare) in f["pages"].items():
        beside = f["bare"][bare]
        line = f"{_ms(took, 0.50)} p50 {_ms(took, 0.99)} p99"
        line += f"   bare query {_ms(beside, 0.50)} p50 {_ms(beside, 0.99)} p99"
        print(report.plain(name, line))


def _ms(took: list[float], q: float) -> str:
    return f"{report.percentile(took, q) * 1000:>7,.1f} ms"


if __name__ == "__main__":
    main()
