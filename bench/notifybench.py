"""Notify's fan-out: one case resolved, owed to its reporter and 1,000 co-reporters (附议) whose
contacts are sealed as intake seals them; the messages written by notify's handler (`tell`) and
sent by its dispatcher's passes (`dispatch.run`, batch after batch as `dispatch_due` does, each
resident's link signed as it goes), once through the log channel and once by e-mail to a local
aiosmtpd server, beside the same number of e-mails sent with smtplib straight to that server,
with the dispatcher's concurrency, in the same run. In this process, on notify's own database
(SQLite, or PostgreSQL with DATABASE_URL)."""

import contextlib
import runpy
import smtplib
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from datetime import time as clock_time
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace

import eventlet
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from bench import env, report
from bench.routingbench import _step
from gongzhi import contacts, migrations
from gongzhi.clock import SystemClock
from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.district import load_district
from gongzhi.envelope import Event
from gongzhi.testing.system import SAMPLE_DISTRICT, TEST_CONTACT_KEY, TEST_PREFERENCES_KEY
from notify import addresses, dispatch, handlers, residents, templates
from notify.channels import Channel
from notify.config import notify_of
from notify.holding import QuietHours
from notify.model import deliveries
from notify.retries import Retry
from notify.rules import RuleSchema
from notify.samples import DISTRICT, sample_event

CO_REPORTERS = 1_000
TIMEOUT = 600.0  # seconds a fan-out may take before the bench gives up on it
POOL = 100  # the dispatcher's GreenPool size (dispatch._send_all), for the raw sends too
KEY = TEST_CONTACT_KEY.encode()
LINK_KEYS = (TEST_PREFERENCES_KEY.encode(),)  # each resident's link signed as it goes
NEVER = clock_time(0, 0)  # quiet hours from midnight to midnight: none
HOST = "127.0.0.1"  # where the test servers listen
SERVERS = Path(__file__).resolve().parents[1] / "services" / "notify" / "tests" / "servers.py"


def main(co_reporters: int = CO_REPORTERS) -> None:
    with env.databases(("notify",)) as settings, smtp_server() as smtp:
        print_figures(measure(settings["notify"], smtp, co_reporters))


@contextlib.contextmanager
def smtp_server() -> Iterator:
    """notify's test SMTP server (aiosmtpd), run from its file: it is no installed module."""
    with runpy.run_path(str(SERVERS))["smtp_server"]() as server:
        yield server


def measure(settings: DatabaseSettings, smtp, co_reporters: int = CO_REPORTERS) -> dict:
    """The fan-out through the log channel, then by e-mail, then raw smtplib: the figures."""
    migrations.upgrade("notify", settings)
    engine = create_engine_for(settings)
    try:
        figures = {"co_reporters": co_reporters}
        for channel in ("log", "email"):
            _step(f"one resolution owed to {co_reporters + 1} residents, sent by {channel}")
            figures[channel] = _fan_out(sessionmaker(engine), smtp, channel, co_reporters)
        _step(f"raw smtplib: {co_reporters + 1} e-mails, {POOL} at once")
        figures["raw_smtp"] = _raw_smtp(smtp, co_reporters + 1)
    finally:
        engine.dispose()
    return figures


def _plan(smtp, channel: str) -> handlers.Plan:
    """The sample district told to send each resident's resolution on `channel` alone."""
    district = load_district(SAMPLE_DISTRICT)
    rule = {
        "event": "routing.issue.transitioned.v1",
        "when": {"action": ["resolve"]},
        "to": ["reporter", "co_reporters"],
        "template": "report.resolved",
        "chain": [channel],
    }
    channels = {
        "log": Channel("log", "log", None, "none", "text"),
        "email": Channel("email", "apprise", smtp.url(), "email", "email"),
    }
    notify = replace(
        notify_of(district),
        channels=channels,
        rules=(RuleSchema().load(rule),),
        retry=Retry(attempts=2, base_seconds=1, timeout_seconds=10),
        quiet_hours=QuietHours(start=NEVER, end=NEVER),  # the bench runs at any hour
    )
    loaded = templates.load(district.folder / notify.templates)
    return handlers.Plan(district, notify, loaded, KEY, LINK_KEYS)


def _shared(session, case: str, n: int) -> None:
    """Resident n's e-mail, sealed for notify as intake seals it, kept as notify keeps it."""
    address, value = contacts.reachable(f"resident{n}@example.com")
    data = {
        "report_id": case,
        "reporter_ref": f"ref-{n:05d}",
        "co_report": n > 0,
        "address": address,
        "contact": contacts.seal(value, KEY),
    }
    event = Event(
        type="intake.contact.shared.v1",
        source=f"/gongzhi/{DISTRICT}/intake",
        data=data,
        district=DISTRICT,
        correlationid=case,
    )
    residents.keep_contact(event, session=session, outbox=None)


def _resolved(case: str) -> Event:
    """The sample resolution, of `case`, happening now."""
    sample = sample_event("routing.issue.transitioned.v1")
    data = {**sample.data, "issue_id": case}
    fresh = {"id": str(uuid.uuid4()), "time": datetime.now(UTC)}
    return replace(sample, data=data, subject=case, correlationid=case, **fresh)


def _fan_out(sessions, smtp, channel: str, co_reporters: int) -> dict:
    """The case's resolution owed (`tell`) and sent (`dispatch.run`): its figures."""
    case, plan, clock = f"bench-{channel}", _plan(smtp, channel), SystemClock()
    with sessions() as session, session.begin():
        for n in range(co_reporters + 1):
            _shared(session, case, n)
    mails_before = len(smtp.mails)
    event = _resolved(case)  # its time is now: event → sent counts from here
    began = time.monotonic()
    with sessions() as session, session.begin():
        handlers.tell(event, session=session, outbox=None, clock=clock, plan=plan)
    owed = time.monotonic() - began
    passes = _dispatch(sessions, plan, clock, case)
    took = time.monotonic() - began
    return {
        "owed_s": owed,
        "seconds": took,
        "sent": sum(p.outcomes.get("sent", 0) + p.outcomes.get("delivered", 0) for p in passes),
        "passes": len(passes),
        "event_to_sent": sorted(s for p in passes for s in p.event_to_sent),
        "mails": len(smtp.mails) - mails_before,
    }


def _dispatch(sessions, plan: handlers.Plan, clock, case: str) -> list[dispatch.Pass]:
    """Dispatcher passes until none of the case's messages is pending or sending, back to back
    (the service waits GONGZHI_DISPATCH_SECONDS after up to 10 full batches: not measured)."""

    @contextlib.contextmanager
    def transaction() -> Iterator[SimpleNamespace]:
        with sessions() as session, session.begin():
            yield SimpleNamespace(session=session)

    passes, deadline = [], time.monotonic() + TIMEOUT
    while _moving(sessions, case) and time.monotonic() < deadline:
        book = addresses.AddressBook(KEY)  # a pass's, as the service's dispatcher makes one
        n = plan.notify
        done = dispatch.run(transaction, n.channels, n.retry, book, clock, links=plan.links)
        passes.append(done)
        if not done.claimed:
            eventlet.sleep(0.05)  # a retry's backoff: nothing due yet
    return passes


def _moving(sessions, case: str) -> int:
    d = deliveries.c
    with sessions() as session:
        query = select(func.count()).where(d.subject == case, d.status.in_(("pending", "sending")))
        return int(session.execute(query).scalar_one())


def _raw_smtp(smtp, count: int) -> dict:
    """`count` e-mails with smtplib, a connection each (as Apprise opens one per send)."""

    def one(n: int) -> None:
        message = EmailMessage()
        message["From"], message["To"] = "noreply@xiguan.example.cn", f"raw{n}@example.com"
        message["Subject"] = "您反映的问题已办结:下水道堵塞"
        message.set_content("您好:\n您反映的问题已办结。\n" * 5)
        with smtplib.SMTP(HOST, smtp.port, timeout=10) as client:
            client.send_message(message)

    before = len(smtp.mails)
    began = time.monotonic()
    list(eventlet.GreenPool(POOL).imap(one, range(count)))
    return {"seconds": time.monotonic() - began, "mails": len(smtp.mails) - before}


def print_figures(f: dict) -> None:
    raw = f["raw_smtp"]
    ceiling = (f"raw smtplib, {POOL} at once", report.rate(raw["mails"], raw["seconds"]), "mails/s")
    told = f["co_reporters"] + 1
    _print_run("notify fan-out, log channel", f["log"], ceiling, told)
    _print_run("notify fan-out, e-mail (aiosmtpd)", f["email"], ceiling, told)
    print(report.plain("  raw smtplib", f"{raw['mails']:,} e-mails in {raw['seconds']:.1f} s"))


def _print_run(label: str, run: dict, ceiling: tuple[str, float, str], told: int) -> None:
    rate = report.rate(run["sent"], run["seconds"])
    print(report.against(label, (rate, "msgs/s"), ceiling))
    lat = run["event_to_sent"]
    print(report.plain("  event → sent p50", report.millis(report.percentile(lat, 0.50))))
    print(report.plain("  event → sent p99", report.millis(report.percentile(lat, 0.99))))
    passes = f"{run['passes']} passes; owed (tell) in {run['owed_s']:.2f} s"
    print(
        report.plain("  sent", f"{run['sent']:,} of {told:,} in {run['seconds']:.1f} s, {passes}")
    )
