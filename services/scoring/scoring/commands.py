"""Scoring's `gongzhi` commands, under `gongzhi scoring`: `people import FILE` registers people
from a CSV; `shop import FILE` lists the shop's items from one; `verify` checks the ledger
(every transaction sums to zero, every checkpoint is the sum of its legs); `assess MONTH`
closes a month's assessment (assessment_command.py); `export KIND MONTH` writes a month's
ratings, assessments or ledger as CSV or XLSX (export_command.py). The core adds them through
scoring's plugin descriptor."""

import sys
from datetime import UTC, datetime
from pathlib import Path

from scoring import assessment_command, export_command


def add_parsers(sub, default_district: str) -> None:
    scoring = sub.add_parser("scoring", help="scoring's tools: the people registry, the ledger")
    commands = scoring.add_subparsers(required=True, metavar="COMMAND")
    people = commands.add_parser("people", help="the people registry")
    load = people.add_subparsers(required=True).add_parser(
        "import",
        help="register people from a CSV (person,community,role; no names): bad rows are "
        "reported by line and skipped; exit status 1 if any row was bad",
    )
    load.add_argument("file", type=Path)
    load.add_argument("--district", default=default_district, help="the district folder")
    load.set_defaults(func=_people_import)
    shop = commands.add_parser("shop", help="the redemption shop")
    stock = shop.add_subparsers(required=True).add_parser(
        "import",
        help="list items from a CSV (community,provider,name,price,stock,per_month,per_person,"
        "needs_approval,voucher_days), opening each provider's merchant account; items listed "
        "already are left as they are; bad rows are reported by line; exit status 1 if any",
    )
    stock.add_argument("file", type=Path)
    stock.add_argument("--district", default=default_district, help="the district folder")
    stock.set_defaults(func=_shop_import)
    verify = commands.add_parser("verify", help="check every posting and checkpoint")
    verify.set_defaults(func=_verify)
    assessment_command.add_parser(commands, default_district)
    export_command.add_parser(commands, default_district)


def _people_import(args) -> int:
    from scoring import people_csv

    report = _import(args, people_csv.import_csv)
    if report is None:
        return 2
    print(f"{report.registered} registered, {report.already} already, {len(report.bad)} bad rows")
    return 1 if report.bad else 0


def _shop_import(args) -> int:
    from scoring import shop_csv

    report = _import(args, shop_csv.import_csv)
    if report is None:
        return 2
    print(f"{report.listed} items listed, {report.already} already, {len(report.bad)} bad rows")
    return 1 if report.bad else 0


def _import(args, import_csv):
    """Run `import_csv` on the file in one transaction; its report, its bad rows printed by
    line; None (printed why) for a file that is not of its kind at all."""
    from sqlalchemy.orm import Session

    from gongzhi.district import load_district
    from scoring import people_csv
    from scoring.earning import book_of

    engine = _engine(args)
    try:
        with Session(engine) as session, session.begin():
            book = book_of(load_district(args.district))
            report = import_csv(session, args.file, book, datetime.now(UTC))
    except people_csv.BadFile as error:
        print(f"gongzhi scoring: {error}", file=sys.stderr)
        return None
    finally:
        engine.dispose()
    for line, reason in report.bad:
        print(f"{args.file}:{line}: {reason}", file=sys.stderr)
    return report


def _verify(args) -> int:
    from sqlalchemy.orm import Session

    from scoring import ledger

    engine = _engine(args)
    try:
        with Session(engine) as session:
            found = ledger.verify(session)
    finally:
        engine.dispose()
    for problem in found:
        print(problem, file=sys.stderr)
    print("the ledger balances" if not found else f"{len(found)} problems")
    return 1 if found else 0


def _engine(args):
    from gongzhi.db import create_engine_for

    return create_engine_for(args.settings.database("scoring"))
