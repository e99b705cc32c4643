"""Routing's `gongzhi` commands: `route` (the dry run) and `grids import|synth` (large grid
trees). The core adds them through routing's plugin descriptor."""

import json
import sys
from pathlib import Path


def add_parsers(sub, default_district: str) -> None:
    _route_parser(sub, default_district)
    _grids_parsers(sub)


def _route_parser(sub, default_district: str) -> None:
    route = sub.add_parser(
        "route",
        help="dry run: the grid, tier, owner and clocks routing would give a report (JSON)",
        description="Routes one report from the district folder alone: no database, no broker.",
    )
    route.add_argument("--district", default=default_district)
    route.add_argument("--category", required=True, help="a category code, e.g. blocked-sewer")
    route.add_argument("--lat", type=float, required=True, help="WGS-84 latitude")
    route.add_argument("--long", type=float, required=True, help="WGS-84 longitude")
    route.add_argument(
        "--at",
        required=True,
        help="when it was reported, ISO 8601, e.g. 2026-09-30T10:00+08:00 "
        "(no offset: the district's local time)",
    )
    route.set_defaults(func=_route)


def _route(args) -> int:
    from gongzhi.district import ConfigError
    from routing.dryrun import DryRunRefused, dry_run

    try:
        decided = dry_run(args.district, args.category, args.lat, args.long, args.at)
    except (DryRunRefused, ConfigError) as error:
        print(f"gongzhi route: {error}", file=sys.stderr)
        return 2
    print(json.dumps(decided, ensure_ascii=False, indent=2))
    return 0


def _grids_parsers(sub) -> None:
    grids = sub.add_parser("grids", help="a district's grid tree at scale")
    commands = grids.add_subparsers(required=True)
    load = commands.add_parser(
        "import",
        help="load and check a district folder's grids (any format) with a progress bar, index "
        "the leaf grids and look each one up; print every problem, or a summary",
    )
    load.add_argument("folder")
    load.add_argument(
        "--into",
        metavar="DEST",
        help="also write the checked tree into district folder DEST in the import format "
        "(grids.csv + grids.geojson); DEST's district.yaml must name `grids: grids.csv`",
    )
    load.set_defaults(func=_grids_import)
    synth = commands.add_parser(
        "synth",
        help="write a synthetic district in the import format: district.yaml, grids.csv and "
        "grids.geojson with COUNT leaf grids in 5 levels",
    )
    synth.add_argument("--count", type=int, required=True, help="leaf grids, e.g. 15767")
    synth.add_argument("--seed", type=int, default=1, help="the same seed, the same files")
    synth.add_argument("folder", help="a new or empty folder")
    synth.set_defaults(func=_grids_synth)


def _grids_import(args) -> int:
    from routing import grids

    return grids.import_grids(Path(args.folder), Path(args.into) if args.into else None)


def _grids_synth(args) -> int:
    from routing import grids

    return grids.synth_grids(Path(args.folder), args.count, args.seed)
