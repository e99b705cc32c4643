"""Notify's `gongzhi` commands, under `gongzhi notify`: `preview` prints a message template's
variants rendered for a sample event; `directory import FILE` loads who is who. The core adds
them through notify's plugin descriptor."""

import sys
from datetime import UTC, datetime
from pathlib import Path


def add_parsers(sub, default_district: str) -> None:
    notify = sub.add_parser("notify", help="notify's tools: message templates, staff directory")
    commands = notify.add_subparsers(required=True, metavar="COMMAND")
    _preview_parser(commands, default_district)
    _directory_parser(commands)


def _preview_parser(commands, default_district: str) -> None:
    preview = commands.add_parser(
        "preview",
        help="print each variant (sms, email, markdown, text) of a message template rendered "
        "for the sample event of a type it serves",
    )
    preview.add_argument("template", help="a message file's name, e.g. issue.assigned")
    preview.add_argument(
        "--type", dest="event_type", help="the event type (default: the first the file serves)"
    )
    preview.add_argument("--district", default=default_district, help="the district folder")
    preview.set_defaults(func=_preview)


def _preview(args) -> int:
    from gongzhi.district import ConfigError, load_district
    from notify.preview import Refused, preview

    try:
        shown, rendered = preview(load_district(args.district), args.template, args.event_type)
    except ConfigError as error:
        print("\n".join(str(problem) for problem in error.problems), file=sys.stderr)
        return 2
    except Refused as error:
        print(f"gongzhi notify preview: {error}", file=sys.stderr)
        return 2
    print(shown)
    return 0 if rendered else 1


def _directory_parser(commands) -> None:
    directory = commands.add_parser("directory", help="who is who: staff and their contacts")
    load = directory.add_subparsers(required=True).add_parser(
        "import",
        help="import staff contacts from a CSV (id,kind,name,phone,email,wecom,dingtalk,feishu,"
        "community) into notify's database: bad rows are reported by line and skipped, the "
        "rest added or replaced by id; exit status 1 if any row was bad",
    )
    load.add_argument("file", type=Path)
    load.set_defaults(func=_directory_import)


def _directory_import(args) -> int:
    from sqlalchemy import inspect
    from sqlalchemy.orm import Session

    from gongzhi.db import create_engine_for
    from notify import directory

    engine = create_engine_for(args.settings.database("notify"))
    try:
        if not inspect(engine).has_table("directory"):
            print(
                "gongzhi notify: no directory yet: run `gongzhi db upgrade notify`", file=sys.stderr
            )
            return 2
        with Session(engine) as session, session.begin():
            report = directory.import_csv(session, args.file, datetime.now(UTC))
    except directory.BadFile as error:
        print(f"gongzhi notify: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return _print_report(args.file, report)


def _print_report(path: Path, report) -> int:
    for bad in report.bad:
        print(f"{path}:{bad.line}: {bad.reason}", file=sys.stderr)
    print(f"{report.imported} imported, {report.updated} updated, {len(report.bad)} bad rows")
    return 1 if report.bad else 0
