"""The `gongzhi` ops command. See `gongzhi --help`."""

import argparse
import sys
from pathlib import Path

from gongzhi import plugins
from gongzhi.settings import SettingError, from_process

DEFINITIONS = Path("deploy/rabbitmq/definitions.json")


def main(argv: list[str] | None = None) -> int:
    try:  # first, so that nothing starts on a typo'd or malformed variable
        settings = from_process(plugins.names())
    except SettingError as error:
        print(f"gongzhi: {error}", file=sys.stderr)
        return 2
    args = _parser(settings.district).parse_args(argv)
    args.settings = settings
    return args.func(args) or 0


def _parser(district: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongzhi", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", help="run one service")
    serve.add_argument("service", choices=plugins.names())
    serve.add_argument("--district", default=district)
    serve.set_defaults(func=_serve)
    up = sub.add_parser(
        "up", help="migrate, declare the topology and run the installed services in one process"
    )
    up.add_argument("--district", default=district)
    up.add_argument("--only", metavar="A,B", help="only these services, e.g. intake,routing")
    up.set_defaults(func=_up)
    db = sub.add_parser("db", help="database migrations").add_subparsers(required=True)
    upgrade = db.add_parser("upgrade", help="migrate services' databases to the newest schema")
    upgrade.add_argument("services", nargs="*", metavar="SERVICE", help="default: all installed")
    upgrade.set_defaults(func=_db_upgrade)
    _bus_parsers(sub, district)
    contract = sub.add_parser(
        "contract",
        help="write the event catalogue, JSON Schemas, AsyncAPI document and RabbitMQ definitions",
    )
    contract.add_argument("--check", action="store_true", help="fail if the files are stale")
    contract.add_argument(
        "--out", type=Path, metavar="DIR", help="under DIR, at their paths in the repository"
    )
    contract.set_defaults(func=_contract)
    _keys_parsers(sub, district)
    check = sub.add_parser("check-config", help="validate a district folder")
    check.add_argument("folder")
    check.set_defaults(func=_check_config)
    for plugin in plugins.installed().values():
        if plugin.commands is not None:
            plugin.commands(sub, district)
    return parser


def _bus_parsers(sub, district: str) -> None:
    bus = sub.add_parser("bus", help="the RabbitMQ topology").add_subparsers(required=True)
    declare = bus.add_parser("declare", help="declare every exchange, queue and binding")
    declare.add_argument("--district", default=district, help="its outside systems get queues")
    declare.set_defaults(func=_bus_declare)
    dead = bus.add_parser("dead-letters", help="list dead letters with reasons, or replay them")
    dead.add_argument("--district", default=district, help="for its outside systems' queues")
    dead.add_argument("--queue", help="only this work queue")
    dead.add_argument("--replay", action="store_true", help="send them back to their queue")
    dead.add_argument("--limit", type=int, default=100)
    dead.set_defaults(func=_dead_letters)


def _green() -> None:
    """nameko runs on eventlet: patch the standard library before anything else is imported."""
    import eventlet

    eventlet.monkey_patch()


def _keys_parsers(sub, district: str) -> None:
    holders = [p.name for p in plugins.installed().values() if p.api_keys is not None]
    keys = sub.add_parser("keys", help=f"API keys of {', '.join(holders)}")
    commands = keys.add_subparsers(required=True)
    issue = commands.add_parser("issue", help="issue a key; it is printed once and kept hashed")
    issue.add_argument("--district", default=district)
    issue.add_argument(
        "--name",
        required=True,
        help="who holds it, e.g. 12345-hotline; on routing the owner id it acts as "
        "(gw-620502001001001, a community, street or department code) or a supervisor's id",
    )
    issue.add_argument(
        "--role",
        required=True,
        help="one of the service's roles, e.g. resident_app or staff on intake, operator on "
        "notify or scoring (a role the service does not have is refused, naming those it has)",
    )
    issue.set_defaults(func=_keys_issue)
    listing = commands.add_parser("list", help="list keys (never the keys themselves)")
    listing.set_defaults(func=_keys_list)
    revoke = commands.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("key_id")
    revoke.set_defaults(func=_keys_revoke)
    for command in (issue, listing, revoke):
        command.add_argument("--service", choices=holders, default=holders[0] if holders else None)


def _key_store(args):
    """The service's database, its api_keys table and the roles its keys may have."""
    from gongzhi.db import create_engine_for

    service = args.service

    keys = plugins.get(service).api_keys
    if keys is None:  # argparse's choices are the services that have keys
        raise plugins.UnknownService(service)
    table, roles = keys()
    return create_engine_for(args.settings.database(service)), table, roles


def _keys_issue(args) -> int:
    from gongzhi import apikeys
    from gongzhi.district import load_district

    district = load_district(args.district)
    engine, table, roles = _key_store(args)
    try:
        key = apikeys.issue(engine, table, args.name, args.role, roles=roles)
    except ValueError as error:
        print(f"gongzhi: {error}", file=sys.stderr)
        return 2
    print(key)
    print(
        f"issued to {args.name} as {args.role} on {args.service} for {district.name}; "
        "it is not shown again",
        file=sys.stderr,
    )
    return 0


def _keys_list(args) -> int:
    from gongzhi import apikeys

    engine, table, _ = _key_store(args)
    for row in apikeys.listed(engine, table):
        state = "revoked" if row["revoked_at"] else "live"
        print(f"{row['key_id']}  {row['role']:<14} {state:<8} {row['name']}")
    return 0


def _keys_revoke(args) -> int:
    from gongzhi import apikeys

    engine, table, _ = _key_store(args)
    if not apikeys.revoke(engine, table, args.key_id):
        print(f"gongzhi: no live key {args.key_id} on {args.service}", file=sys.stderr)
        return 1
    print(f"revoked {args.key_id}")
    return 0


def _serve(args) -> int:
    _green()
    from gongzhi import logs, runner

    logs.configure(args.service, args.settings.log_level)
    if problem := _start_problem([args.service], args.settings):
        print(f"gongzhi: {problem}", file=sys.stderr)
        return 2
    runner.run([args.service], args.district, args.settings)
    return 0


def _start_problem(services, settings) -> str | None:
    """What stops a start before it begins, in one line (malformed settings stopped it in
    main): no broker, a port in use."""
    from gongzhi import runner

    return runner.broker_problem(settings.amqp_uri) or runner.port_problem(services, settings)


def _up(args) -> int:
    _green()
    from gongzhi import logs, migrations, runner

    logs.configure("gongzhi", args.settings.log_level)
    try:
        services = plugins.selected(args.only)
    except plugins.UnknownService as error:
        print(f"gongzhi: {error}", file=sys.stderr)
        return 2
    if problem := _start_problem(services, args.settings):
        print(f"gongzhi: {problem}", file=sys.stderr)
        return 2
    for service in services:
        migrations.upgrade(service, args.settings.database(service))
    _bus_declare(args)
    ports = ", ".join(f"{s} :{runner.port_of(s, args.settings)}" for s in services)
    print(f"gongzhi: starting {ports}; Ctrl-C stops all", file=sys.stderr)
    runner.run(services, args.district, args.settings)
    return 0


def _db_upgrade(args) -> int:
    from gongzhi import migrations

    unknown = set(args.services) - set(plugins.names())
    if unknown:
        print(
            f"gongzhi: unknown service(s) {', '.join(sorted(unknown))} "
            f"(installed: {', '.join(plugins.names())})",
            file=sys.stderr,
        )
        return 2
    for service in args.services or plugins.names():
        migrations.upgrade(service, args.settings.database(service))
        print(f"{service}: migrated")
    return 0


def _bus_declare(args) -> int:
    from gongzhi import deadletters

    plan = deadletters.plan(_district(args.district))
    print(f"declared {deadletters.declare_all(args.settings.amqp_uri, plan)}")
    return 0


def _dead_letters(args) -> int:
    from gongzhi import deadletters

    plan = deadletters.plan(_district(args.district))
    return deadletters.command(
        args.settings.amqp_uri, plan, args.queue, replay=args.replay, limit=args.limit
    )


def _district(folder: str):
    """The district in `folder`, or exit 2 with its problems (as check-config lists them)."""
    from gongzhi.district import ConfigError, load_district

    try:
        return load_district(folder)
    except ConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise SystemExit(2) from error


def _contract(args) -> int:
    from gongzhi import contract

    files = contract.files(DEFINITIONS, out=args.out)
    stale = [
        path
        for path, text in files.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in stale:
            print(f"stale: {path} (run `gongzhi contract`)", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files ({len(stale)} changed)")
    return 0


def _check_config(args) -> int:
    from gongzhi.district import ConfigError, check_config

    try:
        print(check_config(args.folder))
    except ConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in {args.folder}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
