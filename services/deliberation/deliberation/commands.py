"""Deliberation's `gongzhi` commands, under `gongzhi deliberation`: `verify MATTER` (or `--all`)
walks the hash-chained log, holds it to the heads published when its votes closed and it ended
(and to `--head LENGTH:HASH` copied from the board), and names the first broken link. The core
adds them through deliberation's plugin descriptor."""

import sys


def add_parsers(sub, default_district: str) -> None:
    deliberation = sub.add_parser("deliberation", help="deliberation's tools: the matters' log")
    commands = deliberation.add_subparsers(required=True, metavar="COMMAND")
    verify = commands.add_parser(
        "verify",
        help="check a matter's hash-chained log in deliberation's database and name its first "
        "broken link; exit status 1 if a chain is broken, 2 if the matter has no log",
    )
    which = verify.add_mutually_exclusive_group(required=True)
    which.add_argument("matter", nargs="?", help="a matter's id")
    which.add_argument("--all", action="store_true", help="every matter with a log")
    verify.add_argument(
        "--head",
        action="append",
        default=[],
        metavar="LENGTH:HASH",
        help="a head of the matter's log as published (the board, the closing event); the log "
        "must reach it with that hash",
    )
    verify.set_defaults(func=_verify)


def _verify(args) -> int:
    from sqlalchemy import inspect
    from sqlalchemy.orm import Session

    from deliberation import heads
    from gongzhi.db import create_engine_for

    try:
        given = [heads.parse(head) for head in args.head]
    except ValueError as exc:
        print(f"gongzhi deliberation: {exc}", file=sys.stderr)
        return 2
    engine = create_engine_for(args.settings.database("deliberation"))
    try:
        if not inspect(engine).has_table("chain_entries"):
            print(
                "gongzhi deliberation: no log yet: run `gongzhi db upgrade deliberation`",
                file=sys.stderr,
            )
            return 2
        with Session(engine) as session:
            if args.all:
                return _print_all(heads.verify_all(session))
            return _print_one(heads.verify(session, args.matter, given))
    finally:
        engine.dispose()


def _print_one(verdict) -> int:
    if verdict.entries == 0 and verdict.holds:
        print(f"gongzhi deliberation: matter {verdict.matter_id} has no log", file=sys.stderr)
        return 2
    print(verdict)
    return 0 if verdict.holds else 1


def _print_all(verdicts) -> int:
    matters = entries = broken = 0
    for verdict in verdicts:
        matters, entries = matters + 1, entries + verdict.entries
        if not verdict.holds:
            broken += 1
            print(verdict)
    held = "every chain holds" if not broken else f"{broken} broken"
    print(f"{matters} matters, {entries} entries: {held}")
    return 1 if broken else 0
