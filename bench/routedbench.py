"""Reports routed per second: routing runs in this process (System) and submitted reports are
published to intake's exchange, beside the same bodies published raw."""

import time
from datetime import UTC, datetime

from bench import env, limits, load, report
from bench.routingbench import SUBMITTED, Reports, _step
from gongzhi import catalogue
from gongzhi.db import DatabaseSettings
from gongzhi.envelope import Event
from gongzhi.publisher import ConfirmingPublisher, Outgoing
from gongzhi.testing.system import System

EVENTS = 2_000  # submitted reports published to the running service


def main(events: int = EVENTS) -> None:
    with env.amqp_vhost() as uri, env.databases() as settings:
        print_throughput(throughput(uri, settings, events))


def throughput(uri: str, settings: dict[str, DatabaseSettings], events: int = EVENTS) -> dict:
    """Publish `events` submitted reports to routing running in this process: how fast their
    assignments come out, and how fast the same bodies publish raw."""
    system = System(uri, settings)
    reports = Reports.of(system.district)
    bodies = [reports.event(n, datetime.now(UTC)) for n in range(events)]
    try:
        _step("starting routing")
        system.start("routing")
        figures = _route(uri, bodies)
    finally:
        system.stop_all()
    _step(f"raw publish of the same {events} bodies")
    raw = [body.to_json().decode() for body in bodies]
    seconds = limits.raw_publish(uri, catalogue.exchange_for("intake"), SUBMITTED, raw, 500)
    env.purge(uri, _queues())
    return figures | {"events": events, "raw_publish": report.rate(events, seconds)}


def _route(uri: str, bodies: list[Event]) -> dict:
    listener = load.Listener(uri)
    ids = [body.data["report_id"] for body in bodies]
    try:
        _step(f"publishing {len(bodies)} submitted reports, waiting until all are assigned")
        began = time.monotonic()
        _publish(uri, bodies)
        published = time.monotonic() - began
        listener.wait_for(ids, timeout=60 + len(bodies) / 20)
    finally:
        listener.close()
    seen = [listener.seen[i] for i in ids if i in listener.seen]
    return {
        "published_s": published,
        "assigned": len(seen),
        "span": max(seen, default=began) - began,
    }


def _publish(uri: str, bodies: list[Event]) -> None:
    publisher = ConfirmingPublisher(uri)
    exchange = catalogue.exchange_for("intake")
    result = publisher.publish(
        Outgoing(body.id, exchange, SUBMITTED, body.to_json(), body.correlationid)
        for body in bodies
    )
    publisher.close()
    if len(result.confirmed) != len(bodies):
        raise RuntimeError(f"{len(bodies) - len(result.confirmed)} reports not confirmed: {result}")


def _queues() -> list[str]:
    consumers = catalogue.load().consumers_of(SUBMITTED)
    return [catalogue.queue_for(consumer, SUBMITTED) for consumer in consumers]


def print_throughput(f: dict) -> None:
    rate = report.rate(f["assigned"], f["span"])
    ceiling = ("raw confirmed publish", f["raw_publish"], "ev/s")
    print(report.against("routing reported → assigned", (rate, "ev/s"), ceiling))
    print(
        report.plain(
            "  assigned",
            f"{f['assigned']:,} of {f['events']:,}, the last {f['span']:.1f} s after publishing "
            f"began (publishing took {f['published_s']:.1f} s)",
        )
    )
