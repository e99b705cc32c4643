"""`gongzhi scoring export KIND MONTH --scope SCOPE --format xlsx -o FILE`: a month's ratings,
assessments or points ledger for a community, a street or the district, written to a file, as
`GET /api/v1/exports/{kind}/{month}.{format}` answers an operator (export_service.py)."""

import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

from scoring import export_files, exports


def add_parser(commands, default_district: str) -> None:
    export = commands.add_parser(
        "export",
        help="write a month's export (台账/报表): ratings, assessments or ledger, as CSV or XLSX",
    )
    export.add_argument("kind", choices=exports.KINDS)
    export.add_argument("month", help="e.g. 2026-11 (district time); a month not ended is marked")
    export.add_argument(
        "--scope", default="district", help="community:CODE, street:CODE or district (default)"
    )
    export.add_argument("--format", dest="form", choices=sorted(export_files.FORMATS))
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    export.add_argument("--district", default=default_district, help="the district folder")
    export.set_defaults(func=_export)


def _export(args) -> int:
    from sqlalchemy.orm import Session

    from gongzhi.db import create_engine_for
    from gongzhi.district import load_district
    from scoring.assessment_plan import plan_of
    from scoring.export_scope import scopes_of

    district = load_district(args.district)
    form = args.form or args.output.suffix.lstrip(".") or "xlsx"
    try:
        wanted = exports.export_of(scopes_of(district), args.kind, args.month, args.scope)
    except exports.BadExport as bad:
        print(f"gongzhi scoring: {bad.message}", file=sys.stderr)
        return 2
    if form not in export_files.FORMATS:
        print(f"gongzhi scoring: no format {form!r} (csv or xlsx)", file=sys.stderr)
        return 2
    engine = create_engine_for(args.settings.database("scoring"))
    try:
        with Session(engine) as session:
            tables = exports.tables(session, wanted, plan_of(district))
            about = export_files.caption(wanted, datetime.now(UTC))
            with export_files.write(form, tables, about) as made, args.output.open("wb") as out:
                shutil.copyfileobj(made, out)
    finally:
        engine.dispose()
    print(f"{args.output}: {args.kind} {args.month} {wanted.scope.text} ({dict(about)['status']})")
    return 0
