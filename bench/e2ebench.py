"""End to end as an operator runs it: intake, routing and notify each in a process of its own
(`gongzhi serve`, set up by `gongzhi db upgrade` and `gongzhi bus declare`), on the real clock,
with the sweeper's and the logs' default settings, and reports posted from another process by
wrk (bench/reports.lua: every report at a place or of a category of its own, so none merges).

Figures, beside the same run's limits: accepted/s against wrk's GET /health/live on the same
intake process (its HTTP floor) and against the raw insert+commit loop on intake's database;
accepted → routed p50/p99; and the time from the last accepted report until every accepted one
was routed. How routed is learned from outside: an exclusive queue in this process, bound to
routing's assignment events, notes when each one arrives (the time a consumer of the bus learns
it, as the in-process section measures); when each report was accepted is intake's own
`submitted_at`, read from its database after the run (wrk keeps no ids), on the same machine's
clock. The wait ends when all are routed, or when none more is for QUIET seconds: routing has
stopped, and the figures say how many it routed.
"""

import json
import shutil
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bench import env, limits, load, relaybench, report
from gongzhi.clock import as_utc
from gongzhi.db import DatabaseSettings, create_engine_for
from gongzhi.district import load_district
from gongzhi.testing.processes import Served, database_environ
from gongzhi.testing.system import SAMPLE_DISTRICT
from intake.model import reports

SERVICES = ("intake", "routing", "notify")
THREADS, CONNECTIONS = 2, 16
SECONDS, FLOOR_SECONDS = 20, 5
QUIET, BOUND = 30.0, 300.0  # seconds without a new assignment; at most, after the last POST
COMMIT_SECONDS = 3.0
SCRIPT = Path(__file__).with_name("reports.lua")


def main(seconds: int = SECONDS) -> None:
    if shutil.which("wrk") is None:
        print("wrk not found, section skipped: `make bench` installs it (Debian package wrk)")
        return
    with (
        env.amqp_vhost() as uri,
        env.databases(SERVICES) as settings,
        tempfile.TemporaryDirectory(prefix="gongzhi-e2e-") as folder,
    ):
        figures = measure(uri, settings, Path(folder), seconds=seconds)
    print_figures(figures)


def measure(
    uri: str,
    settings: dict[str, DatabaseSettings],
    folder: Path,
    *,
    seconds: int,
    floor: int = FLOOR_SECONDS,
) -> dict:
    """Start the services, load them, stop them (also on Ctrl-C), then the raw commit loop."""
    environ = {"AMQP_URI": uri, "GONGZHI_CLOCK_START": "", **database_environ(settings)}
    # wrk posts with one resident app's key: measure intake, not that key's rate limit.
    environ |= {"GONGZHI_RATE_PER_MINUTE": "10000000", "GONGZHI_RATE_BURST": "1000000"}
    served = Served(folder, environ)
    try:
        served.prepare(*SERVICES)
        served.start(*SERVICES)
        figures = _load(served, uri, settings["intake"], seconds, floor)
    finally:
        served.stop_all()
    body = relaybench.write_backlog(settings["intake"], load_district(SAMPLE_DISTRICT), 1)[0]
    commits, took = limits.raw_commits(settings["intake"], body, COMMIT_SECONDS)
    return figures | {"raw_commits": report.rate(commits, took)}


def _load(served: Served, uri: str, intake: DatabaseSettings, seconds: int, floor: int) -> dict:
    started = datetime.now(ZoneInfo("Asia/Shanghai"))
    health = wrk(served.url("intake", "/health/live"), floor, "get")
    listener = load.Listener(uri)
    try:
        epoch = time.time() - time.monotonic()  # the listener notes monotonic times
        key = served.issue_key("intake", "resident_app")
        posted = wrk(served.url("intake", "/api/v1/reports"), seconds, "post", key)
        accepted, merged = _accepted(intake)
        waited = _wait_routed(served, listener, list(accepted))
        routed = {i: listener.seen[i] + epoch for i in accepted if i in listener.seen}
    finally:
        listener.close()
    return {
        "started": started,
        "floor": report.rate(health["requests"], health["seconds"]),
        "posted": posted,
        "accepted": report.rate(posted["requests"] - posted["non_2xx_3xx"], posted["seconds"]),
        "cases": len(accepted),
        "merged": merged,
        "latencies": load.latencies(accepted, routed),
        "tail": max(routed.values(), default=0) - max(accepted.values(), default=0),
        "waited": waited,
    }


def wrk(url: str, seconds: int, mode: str, key: str = "") -> dict:
    """Run wrk with bench/reports.lua (posting with `key`); the figures its done() prints."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", str(SCRIPT), url, "--", mode, str(THREADS), key]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while process.poll() is None:
        time.sleep(0.2)  # green: the listener keeps draining meanwhile
    out, err = process.communicate()
    if process.returncode:
        raise RuntimeError(f"wrk exited {process.returncode}: {err}")
    return json.loads(out.strip().splitlines()[-1])


def _accepted(intake: DatabaseSettings) -> tuple[dict[str, float], int]:
    """Each case intake holds: when it was accepted (epoch seconds); and co-reports merged."""
    engine = create_engine_for(intake)
    with engine.connect() as connection:
        rows = connection.execute(select(reports.c.id, reports.c.submitted_at)).all()
        merged = connection.execute(select(func.sum(reports.c.co_reports))).scalar() or 0
    engine.dispose()
    return {i: as_utc(at).timestamp() for i, at in rows}, merged


def _wait_routed(served: Served, listener: load.Listener, ids: list[str]) -> str:
    """Until every id is routed ("all"), none more is for QUIET s ("quiet"), or BOUND s pass."""
    deadline, count, last = time.monotonic() + BOUND, -1, time.monotonic()
    while time.monotonic() < deadline:
        served.check_running()
        routed = sum(1 for i in ids if i in listener.seen)
        if routed == len(ids):
            return "all"
        if routed > count:
            count, last = routed, time.monotonic()
        elif time.monotonic() - last > QUIET:
            return "quiet"
        time.sleep(0.5)
    return "bound"


def print_figures(f: dict) -> None:
    posted, lat = f["posted"], f["latencies"]
    clock = f"real clock {f['started']:%Y-%m-%d %H:%M} Asia/Shanghai"
    load = f"wrk -t{THREADS} -c{CONNECTIONS} for {posted['seconds']:.0f} s"
    print(report.plain("setup", f"{', '.join(SERVICES)}: `gongzhi serve` each; {clock}; {load}"))
    accepted = (f["accepted"], "reports/s")
    floor = ("GET /health/live on the same process", f["floor"], "requests/s")
    print(report.against("intake accepted (wrk POST → 201)", accepted, floor))
    raw = f"raw insert+commit ({COMMIT_SECONDS:g} s loop) {f['raw_commits']:,.0f} commits/s"
    print(report.plain("", f"{'':>19} = {f['accepted'] / f['raw_commits']:.3f} of {raw}"))
    took = f"{posted['p50_ms']:,.1f} / {posted['p99_ms']:,.1f} ms"
    print(report.plain("  POST p50 / p99 (wrk)", took))
    print(report.plain("accepted → routed p50", report.millis(report.percentile(lat, 0.50))))
    print(report.plain("accepted → routed p99", report.millis(report.percentile(lat, 0.99))))
    print(report.plain("last accepted → all routed", _tail(f)))
    failed = posted["non_2xx_3xx"] + posted["socket_errors"]
    print(report.plain("  failed POSTs; co-reports", f"{failed}; {f['merged']} (merged)"))


def _tail(f: dict) -> str:
    routed, cases = len(f["latencies"]), f["cases"]
    if f["waited"] == "all":
        return f"{f['tail']:>9.1f} s ({routed:,} of {cases:,} routed)"
    why = f"none more for {QUIET:g} s" if f["waited"] == "quiet" else f"{BOUND:g} s passed"
    return f"never: {routed:,} of {cases:,} routed, then {why}"
