"""`make bench`: intake's accepted reports/s, accepted→routed latency and the relay's events/s,
each beside the bare limit of the database or broker under it, measured in the same run.

Runs intake and routing in this process (as the tests do) on a RabbitMQ virtual host and
databases of its own: SQLite files, or PostgreSQL schemas when DATABASE_URL is set. Prints
figures; judges nothing.
"""

# nameko runs on eventlet: patch before anything imports threading or sockets.
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # eventlet's notice of its own age
    import eventlet

eventlet.monkey_patch()

import logging  # noqa: E402 - after the monkey patch on purpose
import os  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import structlog  # noqa: E402

from bench import env, limits, load, relaybench, report  # noqa: E402
from gongzhi import catalogue  # noqa: E402
from gongzhi.db import DatabaseSettings  # noqa: E402
from gongzhi.district import District  # noqa: E402
from gongzhi.testing.system import System  # noqa: E402

REPORTS = 1000  # posted to intake
CLIENTS = 8  # concurrent HTTP clients (green threads)
BACKLOG = 5000  # outbox rows the relay drains, and messages the raw publisher sends
BATCH = 500  # the relay's batch size (Relay's default), and the raw publisher's
ROUNDS = 3  # relay drain and raw publish, alternated; the median is printed
COMMIT_SECONDS = 3.0  # how long the raw commit loop runs
ROUTED_TIMEOUT = 60.0
SUBMITTED = "intake.report.submitted.v1"


def main() -> None:
    _quiet()
    with env.amqp_vhost() as uri, env.databases() as settings:
        _print_machine(uri, settings["intake"])
        figures = _measure(uri, settings)
    _print_figures(figures)


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
        f"setup     intake + routing in this process (eventlet), {CLIENTS} green-thread HTTP "
        f"clients in the same process, {REPORTS} reports; relay backlog {BACKLOG} in one "
        f"transaction, batch {BATCH}, median of {ROUNDS}; raw commit loop {COMMIT_SECONDS:g} s"
    )
    print(flush=True)


def _measure(uri: str, settings: dict[str, DatabaseSettings]) -> dict:
    system = System(uri, settings)
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
        accepted, seconds = load.post_reports(url, REPORTS, CLIENTS)
        listener.wait_for(list(accepted), ROUTED_TIMEOUT)
    finally:
        listener.close()
    routed = [listener.seen[i] for i in accepted if i in listener.seen]
    return {
        "accepted": report.rate(len(accepted), seconds),
        "latencies": load.latencies(accepted, listener.seen),
        "routed_span": max(routed, default=started) - started,
    }


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


def _purge(uri: str) -> None:
    consumers = catalogue.load().consumers_of(SUBMITTED)
    env.purge(uri, [catalogue.queue_for(consumer, SUBMITTED) for consumer in consumers])


def _print_figures(f: dict) -> None:
    lat = f["latencies"]
    print(
        report.against(
            "intake accepted (POST → 201)",
            (f["accepted"], "reports/s"),
            ("raw insert report+outbox, commit", f["raw_commits"], "commits/s"),
        )
    )
    print(report.plain("accepted → routed p50", report.millis(report.percentile(lat, 0.50))))
    print(report.plain("accepted → routed p99", report.millis(report.percentile(lat, 0.99))))
    rate = report.rate(len(lat), f["routed_span"])
    print(
        report.plain(
            "  routed",
            f"{len(lat)} of {REPORTS}, the last {f['routed_span']:.1f} s after the first POST "
            f"({rate:,.0f}/s end to end)",
        )
    )
    print(
        report.against(
            "relay drain (Relay.publish_due)",
            (f["relay"], "ev/s"),
            ("raw confirmed publish", f["raw_publish"], "ev/s"),
        )
    )
    relay, raw = (" / ".join(f"{r:,.0f}" for r in rates) for rates in f["rounds"])
    print(report.plain("  per round", f"relay {relay}; raw {raw} ev/s"))
    if f["relay_left"]:
        print(report.plain("  left in the outbox", f"{f['relay_left']} (returned or nacked)"))


if __name__ == "__main__":
    main()
