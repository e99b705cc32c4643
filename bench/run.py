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
from gongzhi.testing.system import System  # noqa: E402

REPORTS = 1000  # posted to intake
CLIENTS = 8  # concurrent HTTP clients (green threads)
BACKLOG = 5000  # outbox rows the relay drains
BATCH = 500  # the relay's batch size, and the raw publisher's
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


def _print_machine(uri: str, settings: DatabaseSettings) -> None:
    print(
        f"machine   {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), "
        f"{platform.platform()}"
    )
    print(f"python    {platform.python_version()} ({sys.executable})")
    print(f"broker    RabbitMQ {env.broker_version(uri)}, a virtual host of the bench's own")
    print(f"database  {env.database_kind(settings)}")
    print(
        f"setup     intake + routing in this process (eventlet), {CLIENTS} green-thread HTTP "
        f"clients in the same process; {REPORTS} reports, relay backlog {BACKLOG}, "
        f"batch {BATCH}"
    )
    print(flush=True)


def _measure(uri: str, settings: dict[str, DatabaseSettings]) -> dict:
    system = System(uri, settings)
    try:
        figures = _services(system)
    finally:
        system.stop_all()
    figures |= _relay(uri, settings["intake"], system)
    return figures | _limits(uri, settings["intake"], figures.pop("bodies"))


def _services(system: System) -> dict:
    system.start("intake", "routing")
    listener = load.Listener(system.amqp_uri)
    try:
        started = time.monotonic()
        accepted, seconds = load.post_reports(
            system.url("intake", "/api/v1/reports"), REPORTS, CLIENTS
        )
        missing = listener.wait_for(list(accepted), ROUTED_TIMEOUT)
    finally:
        listener.close()
    routed = [listener.seen[i] for i in accepted if i in listener.seen]
    return {
        "accepted": report.rate(len(accepted), seconds),
        "missing": missing,
        "latencies": load.latencies(accepted, listener.seen),
        "routed_span": max(routed, default=started) - started,
    }


def _relay(uri: str, settings: DatabaseSettings, system: System) -> dict:
    bodies = relaybench.write_backlog(settings, system.district, BACKLOG)
    env.purge(uri, _queues_of(SUBMITTED))
    seconds, left = relaybench.drain(settings, uri)
    return {"relay": report.rate(len(bodies) - left, seconds), "relay_left": left, "bodies": bodies}


def _limits(uri: str, settings: DatabaseSettings, bodies: list[str]) -> dict:
    env.purge(uri, _queues_of(SUBMITTED))
    seconds = limits.raw_publish(uri, "gongzhi.intake", SUBMITTED, bodies, BATCH)
    env.purge(uri, _queues_of(SUBMITTED))
    commits, commit_seconds = limits.raw_commits(settings, bodies[0], COMMIT_SECONDS)
    return {
        "raw_publish": report.rate(len(bodies), seconds),
        "raw_commits": report.rate(commits, commit_seconds),
    }


def _queues_of(event_type: str) -> list[str]:
    consumers = catalogue.load().consumers_of(event_type)
    return [catalogue.queue_for(consumer, event_type) for consumer in consumers]


def _print_figures(f: dict) -> None:
    lat, routed = f["latencies"], f"{len(f['latencies'])} of {REPORTS} routed"
    print(
        report.against(
            "intake accepted (POST → 201)",
            f["accepted"],
            "reports/s",
            "raw insert report+outbox & commit",
            f["raw_commits"],
        )
    )
    print(report.plain("accepted → routed p50", report.millis(report.percentile(lat, 0.50))))
    print(report.plain("accepted → routed p99", report.millis(report.percentile(lat, 0.99))))
    print(
        report.plain(
            "  routed, all",
            f"{routed}, the last {f['routed_span']:.1f} s after "
            f"the first POST ({report.rate(len(lat), f['routed_span']):,.0f}/s)",
        )
    )
    print(
        report.against(
            "relay drain (Relay.publish_due)",
            f["relay"],
            "ev/s",
            "raw confirmed publish",
            f["raw_publish"],
        )
    )
    if f["relay_left"]:
        print(report.plain("  left in the outbox", f"{f['relay_left']} (returned or nacked)"))


if __name__ == "__main__":
    main()
