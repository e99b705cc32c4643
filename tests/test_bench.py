"""`make bench`'s routing and end-to-end figures at tiny sizes, so the bench code cannot rot
between runs."""

import importlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def bench_module(monkeypatch, name: str):
    """bench/ is no installed package, and pytest's importlib mode puts no root on sys.path."""
    monkeypatch.syspath_prepend(str(ROOT))
    return importlib.import_module(f"bench.{name}")


@pytest.fixture
def routingbench(monkeypatch):
    return bench_module(monkeypatch, "routingbench")


@pytest.fixture
def routedbench(monkeypatch):
    return bench_module(monkeypatch, "routedbench")


@pytest.fixture
def e2ebench(monkeypatch):
    return bench_module(monkeypatch, "e2ebench")


def test_sweeper_bench_turns_every_reply_clock_yellow_then_red_and_escalates(
    routingbench, database_settings, capsys
):
    figures = routingbench.sweeper(database_settings["routing"], cases=200, routed=80)

    assert figures["created"]["cases"] == 80
    assert figures["created"]["outbox"] == 80 * 3  # assigned and transitioned; accept's transition
    assert figures["idle"]["changed"] == 0
    yellow, red = figures["yellow"], figures["red"]
    assert (yellow["done"], yellow["lights"], yellow["escalations"]) == (True, 200, 0)
    assert (red["done"], red["escalations"]) == (True, 200)  # the copies escalate too
    importlib.import_module("bench.sweepreport").print_sweeper(figures)
    printed = capsys.readouterr().out
    assert "200 of 200 in" in printed
    assert "120 in" in printed  # the copies


@pytest.mark.integration
def test_routing_bench_sees_every_published_report_assigned(
    routedbench, amqp_uri, database_settings, capsys
):
    figures = routedbench.throughput(amqp_uri, database_settings, events=50)

    assert figures["assigned"] == 50
    assert figures["raw_publish"] > 0
    routedbench.print_throughput(figures)
    assert "50 of 50, the last" in capsys.readouterr().out


@pytest.mark.integration
@pytest.mark.slow
def test_end_to_end_bench_sees_every_report_wrk_posted_routed(
    e2ebench, amqp_uri, database_settings, tmp_path, capsys
):
    assert shutil.which("wrk"), "wrk not found: `make tools` installs it"
    figures = e2ebench.measure(amqp_uri, database_settings, tmp_path, seconds=2, floor=1)

    assert figures["cases"] > 0
    assert figures["merged"] == 0
    assert figures["waited"] == "all"
    assert len(figures["latencies"]) == figures["cases"]
    e2ebench.print_figures(figures)
    cases = f"{figures['cases']:,}"
    assert f"({cases} of {cases} routed)" in capsys.readouterr().out


@pytest.fixture
def notifybench(monkeypatch):
    return bench_module(monkeypatch, "notifybench")


def test_notify_bench_tells_every_co_reporter_by_the_log_and_by_e_mail(
    notifybench, database_settings, capsys
):
    with notifybench.smtp_server() as smtp:
        figures = notifybench.measure(database_settings["notify"], smtp, co_reporters=20)

    for channel in ("log", "email"):
        assert figures[channel]["sent"] == 21
        assert len(figures[channel]["event_to_sent"]) == 21
    assert (figures["log"]["mails"], figures["email"]["mails"]) == (0, 21)
    assert figures["raw_smtp"]["mails"] == 21
    notifybench.print_figures(figures)
    printed = capsys.readouterr().out
    assert printed.count("21 of 21 in") == 2
    assert "raw smtplib" in printed


@pytest.fixture
def boardbench(monkeypatch):
    return bench_module(monkeypatch, "boardbench")


@pytest.mark.integration
def test_board_bench_requests_every_page_of_the_served_board(
    boardbench, amqp_uri, database_settings, tmp_path, capsys
):
    figures = boardbench.measure(
        amqp_uri,
        database_settings["deliberation"],
        tmp_path,
        matters=30,
        real=2,
        requests_per_page=3,
    )

    assert figures["matters"] == 30
    assert len(figures["pages"]) == 6
    assert all(len(took) == 3 for took, _ in figures["pages"].values())
    assert all(len(took) == 3 for took in figures["bare"].values())
    boardbench.print_figures(figures)
    printed = capsys.readouterr().out
    assert "HTML board, 29 in" in printed
    assert printed.count("bare query") == 6


def test_ledger_bench_posts_reads_a_filled_account_and_its_checkpoint(
    monkeypatch, database_settings, capsys
):
    ledgerbench = bench_module(monkeypatch, "ledgerbench")
    ledgerbench.run(database_settings["scoring"], postings=10, entries=500, rounds=1, fresh=5)
    printed = capsys.readouterr().out
    assert "postings through the ledger (10)" in printed
    assert "a raw insert loop" in printed
    # the filled 500, the ledger's 10 and the raw loop's 10, then 5 fresh after the checkpoint
    [entries] = [line for line in printed.splitlines() if line.startswith("entries of")]
    assert entries.split()[5] == "520", entries
    assert "ledger.balance (5 postings later)" in printed


def test_ranking_bench_ranks_every_earner_of_the_month_beside_the_bare_query(
    monkeypatch, database_settings, capsys
):
    rankingbench = bench_module(monkeypatch, "rankingbench")
    rankingbench.run(database_settings["scoring"], people=300, reads=2)
    printed = capsys.readouterr().out
    # each of the 300 earned three times in the month and once before: two legs an earning
    assert "300 people, 2,400 legs" in printed
    assert "a month's public board (scoring.boards)" in printed
    assert "a bare query of the same rows" in printed
