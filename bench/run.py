"""`make bench`: intake's accepted reports/s, accepted→routed latency and the relay's events/s,
each beside the bare limit of the database or broker under it, measured in the same run; then
the same as users see it, each service in a process of its own on the real clock and the load
from wrk (bench/e2ebench.py); then grid lookups over a registry of 15,767 grids
(bench/gridbench.py) and routing's sweeper over 100,000 open cases and its reports routed per
second (bench/routingbench.py), and notify's fan-out of one resolution to 1,000 co-reporters, by
the log channel and by e-mail, beside raw SMTP sends (bench/notifybench.py), and
deliberation's tally of an assembly vote of 10,000 ballots beside a bare count of their options
(bench/tallybench.py), and its public board's pages at 10,000 matters beside a bare query of
the same rows (bench/boardbench.py), and scoring's ledger postings/s beside a raw insert loop
and the balance of an account with 1,000,000 entries (bench/ledgerbench.py), and a monthly
ranking over 100,000 people beside a bare query of the same rows (bench/rankingbench.py), each
under a heading. `python -m bench.run --cases 20000 --e2e-seconds 5` is a quicker look.

The first section runs intake and routing in this process (as the tests do). Sections that
need them get a RabbitMQ virtual host and databases of their own: SQLite files, or PostgreSQL
schemas when DATABASE_URL is set. Prints figures; judges nothing.
"""

# nameko runs on eventlet: patch before anything imports threading or sockets.
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # eventlet's notice of its own age
    import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402 - after the monkey patch on purpose
import logging  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import structlog  # noqa: E402

from bench import (  # noqa: E402
    boardbench,
    e2ebench,
    env,
    gridbench,
    ledgerbench,
    limits,
    load,
    notifybench,
    rankingbench,
    relaybench,
    report,
    routedbench,
    routingbench,
    tallybench,
)
from gongzhi import catalogue  # noqa: E402
from gongzhi.db import DatabaseSettings  # noqa: E402
from gongzhi.district import District  # noqa: E402
from gongzhi.testing.system import System  # noqa: E402

REPORTS = 1000  # posted to intake
CLIENTS = 8  # concurrent HTTP clients (green threads)
BACKLOG = 5000  # outbox rows the relay drains, and messages the raw publisher sends
BATCH = 500  # the relay's batch size (Relay's default), and the raw publisher's
OPEN311_REQUESTS = 500  # posted to /open311/v2/requests.json after the native ones
ROUNDS = 5  # relay drain and raw publish, alternated; the median is printed
COMMIT_SECONDS = 3.0  # how long the raw commit loop runs
ROUTED_TIMEOUT = 60.0
SUBMITTED = "intake.report.submitted.v1"
# Measure intake, not its per-key rate limit.
RATES = {"GONGZHI_RATE_PER_MINUTE": "10000000", "GONGZHI_RATE_BURST": "1000000"}


def main() -> None:
    options = _options()
    for name, value in RATES.items():  # for the services e2ebench starts as processes
        os.environ.setdefault(name, value)
    _quiet()
    with env.amqp_vhost() as uri, env.databases() as settings:
        _print_machine(uri, settings["intake"])
        figures = _measure(uri, settings)
    _print_figures(figures)
    _heading("end to end, each service in a process of its own (bench/e2ebench.py)")
    e2ebench.main(seconds=options.e2e_seconds)
    _heading("grid lookup (bench/gridbench.py)")
    gridbench.main()
    _heading("routing's sweeper (bench/routingbench.py)")
    routingbench.main(cases=options.cases, routed=options.routed)
    _heading("routing reported → assigned (bench/routedbench.py)")
    routedbench.main()
    _heading("notify's fan-out to co-reporters (bench/notifybench.py)")
    notifybench.main()
    _heading("deliberation's tally of an assembly vote (bench/tallybench.py)")
    tallybench.main()
    _heading("deliberation's public board at 10,000 matters (bench/boardbench.py)")
    boardbench.main()
    _heading("scoring's points ledger (bench/ledgerbench.py)")
    ledgerbench.main()
    _heading("scoring's monthly ranking over 100,000 people (bench/rankingbench.py)")
    rankingbench.main()


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument(
        "--cases",
        type=int,
        default=routingbench.CASES,
        help="open cases routing's sweeper works through (default %(default)s)",
    )
    parser.add_argument(
        "--routed",
        type=int,
        default=routingbench.ROUTED,
        help="how many of them go through routing's handlers; the rest are copies of these "
        "(default %(default)s)",
    )
    parser.add_argument(
        "--e2e-seconds",
        type=int,
        default=e2ebench.SECONDS,
        help="how long wrk posts reports end to end (default %(default)s)",
    )
    return parser.parse_args()


def _heading(title: str) -> None:
    print(f"\n{title}\n{'-' * len(title)}", flush=True)


def _quiet() -> None:
    """Warnings and errors only, on stderr, so the figures stand alone on stdout."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    structlog.configure(
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
    )


def _step(text: str) -> None:
    print(f"... {text}", file=sys.stderr, flush=True)


def _print_machine(uri: str, settings: DatabaseSettings) -> None:
    print(f"machine   {len(os.sched_getaffinity(0))} CPUs (nproc), {platform.platform()}")
    print(f"python    {platform.python_version()} ({sys.executable})")
    print(f"broker    RabbitMQ {env.broker_version(uri)}, a virtual host of the bench's own")
    print(f"database  {env.database_kind(settings)}")
    print(
        f"intake    intake + routing in this process (eventlet); {REPORTS} reports from "
        f"{CLIENTS} green-thread HTTP clients, also in this process"
    )
    print(
        f"relay     backlog of {BACKLOG} written in one transaction, drained in batches of "
        f"{BATCH}; raw publish sends the same bodies to the same exchange ({SUBMITTED} "
        f"reaches {len(_queues())} quorum queues); median of {ROUNDS} rounds"
    )
    print(flush=True)


def _measure(uri: str, settings: dict[str, DatabaseSettings]) -> dict:
    system = System(uri, settings)
    system.environ |= RATES
    try:
        figures = _services(system)
    finally:
        system.stop_all()
    figures |= _relay_rounds(uri, settings["intake"], system.district)
    _step(f"raw insert+insert+commit loop for {COMMIT_SECONDS:g} s")
    commits, seconds = limits.raw_commits(settings["intake"], figures.pop("body"), COMMIT_SECONDS)
    return figures | {"raw_commits": report.rate(commits, seconds)}


def _services(system: System) -> dict:
    _step("starting intake and routing")
    system.start("intake", "routing")
    listener = load.Listener(system.amqp_uri)
    try:
        _step(f"posting {REPORTS} reports with {CLIENTS} clients, waiting until all are routed")
        started = time.monotonic()
        url = system.url("intake", "/api/v1/reports")
        app_key = system.key("intake", "resident_app", "bench")
        accepted, seconds = load.post_reports(url, app_key, REPORTS, CLIENTS)
        listener.wait_for(list(accepted), ROUTED_TIMEOUT)
    finally:
        listener.close()
    routed = [listener.seen[i] for i in accepted if i in listener.seen]
    took, open311_seconds = _open311(system)
    return {
        "open311": report.rate(len(took), open311_seconds),
        "open311_took": took,
        "accepted": report.rate(len(accepted), seconds),
        "latencies": load.latencies(accepted, listener.seen),
        "routed_span": max(routed, default=started) - started,
    }


def _open311(system: System) -> tuple[list[float], float]:
    _step(f"posting {OPEN311_REQUESTS} Open311 requests (form-encoded, with an API key)")
    api_key = system.key("intake", "integrator", "bench")
    url = system.url("intake", "/open311/v2/requests.json")
    return load.post_open311(url, api_key, OPEN311_REQUESTS, CLIENTS)


def _relay_rounds(uri: str, settings: DatabaseSettings, district: District) -> dict:
    relay, raw, left = [], [], 0
    for n in range(ROUNDS):
        _step(f"round {n + 1} of {ROUNDS}: backlog of {BACKLOG}, relay drain, raw publish")
        bodies = relaybench.write_backlog(settings, district, BACKLOG)
        _purge(uri)
        seconds, left = relaybench.drain(settings, uri)
        relay.append(report.rate(len(bodies) - left, seconds))
        _purge(uri)
        raw.append(report.rate(len(bodies), limits.raw_publish(uri, *_target(), bodies, BATCH)))
        _purge(uri)
    return {
        "relay": report.median(relay),
        "raw_publish": report.median(raw),
        "rounds": (relay, raw),
        "relay_left": left,
        "body": bodies[0],
    }


def _target() -> tuple[str, str]:
    """Where the relay publishes intake's events: the raw publisher sends there too."""
    return catalogue.exchange_for("intake"), SUBMITTED


def _queues() -> list[str]:
    """The queues bound to intake's submitted events (routing's and scoring's)."""
    consumers = catalogue.load().consumers_of(SUBMITTED)
    return [catalogue.queue_for(consumer, SUBMITTED) for consumer in consumers]


def _purge(uri: str) -> None:
    env.purge(uri, _queues())


def _print_figures(f: dict) -> None:
    _print_intake(f)
    _print_open311(f)
    _print_relay(f)


def _print_intake(f: dict) -> None:
    accepted, lat = (f["accepted"], "reports/s"), f["latencies"]
    ceiling = (f"raw insert report+outbox & commit ({COMMIT_SECONDS:g} s loop)", f["raw_commits"])
    print(report.against("intake accepted (POST → 201)", accepted, (*ceiling, "commits/s")))
    print(report.plain("accepted → routed p50", report.millis(report.percentile(lat, 0.50))))
    print(report.plain("accepted → routed p99", report.millis(report.percentile(lat, 0.99))))
    span, rate = f["routed_span"], report.rate(len(lat), f["routed_span"])
    print(
        report.plain(
            "  routed",
            f"{len(lat)} of {REPORTS}, the last {span:.1f} s after the first POST "
            f"({rate:,.0f}/s end to end)",
        )
    )


def _print_open311(f: dict) -> None:
    ceiling = (f"raw insert report+outbox & commit ({COMMIT_SECONDS:g} s loop)", f["raw_commits"])
    print(
        report.against(
            "open311 accepted (POST → 200)", (f["open311"], "requests/s"), (*ceiling, "commits/s")
        )
    )
    took = f["open311_took"]
    print(report.plain("open311 request p50", report.millis(report.percentile(took, 0.50))))
    print(report.plain("open311 request p99", report.millis(report.percentile(took, 0.99))))


def _print_relay(f: dict) -> None:
    ceiling = ("raw confirmed publish", f["raw_publish"], "ev/s")
    print(report.against("relay drain (Relay.publish_due)", (f["relay"], "ev/s"), ceiling))
    relay, raw = (" / ".join(f"{r:,.0f}" for r in rates) for rates in f["rounds"])
    print(report.plain("  per round", f"relay {relay}; raw {raw} ev/s"))
    if f["relay_left"]:
        print(report.plain("  left in the outbox", f"{f['relay_left']} (returned or nacked)"))


if __name__ == "__main__":
    main()
