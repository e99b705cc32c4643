"""The outbox relay alone: a backlog written in one transaction, then drained batch by batch."""

import contextlib
import threading
import time
from dataclasses import replace

import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from bench.load import REPORT
from gongzhi.clock import SystemClock
from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.district import District
from gongzhi.metrics import ServiceMetrics
from gongzhi.outbox import Outbox
from gongzhi.publisher import ConfirmingPublisher
from gongzhi.relay import Relay
from gongzhi.testing.system import TEST_CONTACT_KEY
from intake import handlers, model
from intake.config import intake_of
from intake.contacts import ReporterKeys

KEYS = ReporterKeys(b"bench-pseudonym-key", TEST_CONTACT_KEY.encode())


def write_backlog(settings: DatabaseSettings, district: District, count: int) -> list[str]:
    """`count` reports through intake's handler in one transaction; their event bodies (each
    report's, then its reporter's sealed contact for notify)."""
    engine, clock = create_engine_for(settings), SystemClock()
    with sessionmaker(engine)() as session, session.begin():
        outbox = Outbox(
            session,
            model.outbox,
            source=f"/gongzhi/{district.code}/intake",
            district=district.code,
            correlationid=None,
            cause=None,
            now=clock.now(),
        )
        # Every report the same: turn merging off, so each one opens a case of its own.
        intake = replace(intake_of(district), merge_radius_m=0)
        unmerged = replace(district, sections={**district.sections, "intake": intake})
        boundary = shapely.unary_union([g.polygon for g in district.leaf_grids()])
        for _ in range(count):
            handlers.submit_report(
                REPORT,
                session=session,
                outbox=outbox,
                clock=clock,
                district=unmerged,
                boundary=boundary,
                reporter_keys=KEYS,
            )
    with engine.connect() as connection:
        bodies = list(connection.execute(select(model.outbox.c.body)).scalars())
    engine.dispose()
    return bodies


def drain(settings: DatabaseSettings, amqp_uri: str) -> tuple[float, int]:
    """Call `Relay.publish_due` until nothing is due: (seconds, rows left in the outbox)."""
    engine, publisher = create_engine_for(settings), ConfirmingPublisher(amqp_uri)
    lock = threading.Lock() if settings.is_sqlite else contextlib.nullcontext()
    relay = Relay(
        engine,
        model.outbox,
        publisher,
        lock=lock,
        clock=SystemClock(),
        metrics=ServiceMetrics("intake"),
    )
    publisher.connect()
    started = time.monotonic()
    while relay.publish_due():
        pass
    elapsed = time.monotonic() - started
    with engine.connect() as connection:
        left = connection.execute(select(func.count()).select_from(model.outbox)).scalar_one()
    publisher.close()
    engine.dispose()
    return elapsed, left
