"""Notify's `gongzhi` commands, under `gongzhi notify`: `preview` prints a message template's
variants rendered for a sample event. The core adds them through notify's plugin descriptor."""

import sys


def add_parsers(sub, default_district: str) -> None:
    notify = sub.add_parser("notify", help="notify's tools: message templates")
    commands = notify.add_subparsers(required=True, metavar="COMMAND")
    _preview_parser(commands, default_district)


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
