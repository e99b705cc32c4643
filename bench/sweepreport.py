"""How bench/routingbench.py prints its sweeper figures."""

from bench import report
from bench.routingbench import IDLE_PASSES, SPREAD, SWEEP_SECONDS
from routing import sweep

BATCH = sweep.Plan().batch  # the sweeper's default batch


def print_sweeper(f: dict) -> None:
    created, cases = f["created"], f["cases"]
    routed = created["cases"]
    print(
        report.plain(
            "sweeper's open cases",
            f"{cases:,}: {routed:,} reported and accepted through the handlers (ordinary "
            f"categories, round the leaf grids, over {SPREAD.days} days), "
            f"{cases - routed:,} copies of them",
        )
    )
    _print_created(created, cases, f["copied_s"])
    _print_idle(f["idle"])
    _print_pass("sweep to yellow (reply clocks)", f["yellow"], "lights", cases)
    _print_pass("sweep to red (escalations)", f["red"], "escalations", cases)
    share = (created["seconds"] + f["copied_s"]) / f["seconds"] if f["seconds"] else 0.0
    print(report.plain("  sweeper bench took", f"{f['seconds']:,.0f} s, {share:.0%} creating"))


def _print_created(created: dict, cases: int, copied_s: float) -> None:
    routed, seconds = created["cases"], created["seconds"]
    rate = report.rate(routed, seconds)
    print(
        report.plain(
            "create (route_report + accept)",
            f"{routed:,} in {seconds:,.1f} s = {rate:,.0f} cases/s "
            f"({cases:,} this way: ~{_minutes(cases, rate)} min)",
        )
    )
    per_case = " / ".join(f"{created['took'][k] / routed * 1000:.2f}" for k in created["took"])
    print(report.plain("  route_report / accept / commit", f"{per_case} ms per case"))
    if cases > routed:
        print(
            report.plain(
                "  copies (bulk inserts)",
                f"{cases - routed:,} in {copied_s:,.1f} s: the handlers are the bottleneck",
            )
        )
    print(
        report.plain("  outbox backlog created", f"{created['outbox']:,} events (copies add none)")
    )


def _minutes(count: int, rate: float) -> str:
    """How long `count` would take at `rate` per second."""
    return f"{count / rate / 60:,.0f}" if rate else "?"


def _print_idle(idle: dict) -> None:
    print(
        report.plain(
            "sweep pass, nothing due", report.millis(idle["pass"]) + f" (median of {IDLE_PASSES})"
        )
    )
    print(report.plain("  open-case count (each tick)", report.millis(idle["count"])))
    if idle["changed"]:
        print(report.plain("  changed all the same", f"{idle['changed']} lights or warnings"))


def _print_pass(label: str, f: dict, unit: str, cases: int) -> None:
    rate = report.rate(f[unit], f["seconds"])
    whole = "" if f["done"] else f" (all {cases:,}: ~{_minutes(cases, rate)} min)"
    print(
        report.plain(
            label,
            f"{f[unit]:,} of {cases:,} in {f['seconds']:,.1f} s = {rate:,.0f} {unit}/s{whole}",
        )
    )
    print(
        report.plain(
            "  clock at, passes",
            f"{f['at']:%Y-%m-%d %H:%M} UTC; {f['passes']} batches of up to {BATCH} clocks"
            + ("" if f["done"] else f", stopped after {SWEEP_SECONDS:g} s"),
        )
    )
    print(
        report.plain(
            "  changed",
            f"{f['lights']:,} lights, {f['warnings']:,} warnings, "
            f"{f['escalations']:,} escalations; outbox +{f['outbox']:,} events",
        )
    )
    if f["stops_after"] and f["stops_after"] < f["passes"] - 1:
        print(
            report.plain(
                "  the service's loop",
                f"would stop after pass {f['stops_after']} (a batch not full); the rest "
                "waits for later timer ticks",
            )
        )
