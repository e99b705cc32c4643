"""Monthly exports' entrypoints (台账/报表): a month's ratings, assessments or points ledger for
a community, a street or the district, as CSV or XLSX. A part of ScoringService (service.py),
which holds the dependencies they use; the tables are exports.py's, the files export_files.py's."""

from typing import IO

import structlog
from werkzeug.wrappers import Request, Response
from werkzeug.wsgi import wrap_file

from gongzhi.apikeys import Holder
from gongzhi.database import Database
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.web import HttpError, api, refuse_nul
from scoring import access, export_files, exports
from scoring.assessment_plan import Plan
from scoring.dependencies import ScoringMetrics
from scoring.export_scope import Scopes

log = structlog.get_logger(__name__)
EXPORT = "/api/v1/exports/<string:kind>/<string:month>"


class ExportEntrypoints:
    """Mixed into ScoringService, which gives these their dependencies."""

    db: Database
    plan: Plan
    keys: KeyGuard
    counted: ScoringMetrics
    scopes: Scopes

    @api("GET", f"{EXPORT}.csv")
    def export_csv(self, request: Request, kind: str, month: str) -> Response:
        """A month's export as CSV (UTF-8 with a BOM), e.g.
        /api/v1/exports/ledger/2026-11.csv?scope=street:620502001: an operator's key for any
        scope, an organiser's for its own community alone (community:CODE)."""
        return self._export(request, kind, month, "csv")

    @api("GET", f"{EXPORT}.xlsx")
    def export_xlsx(self, request: Request, kind: str, month: str) -> Response:
        """The same as an XLSX workbook: a sheet a table, its header frozen, a totals row."""
        return self._export(request, kind, month, "xlsx")

    def _export(self, request: Request, kind: str, month: str, form: str) -> Response:
        with self.db.transaction() as uow:
            holder = access.exporter(self.keys(uow.session, presented_key(request)))
            refuse_nul([kind, month, request.args.get("scope", "")], "path")
            wanted = self._wanted(holder, kind, month, request.args.get("scope", "district"))
            tables = exports.tables(uow.session, wanted, self.plan)
            about = export_files.caption(wanted, self.db.clock.now())
            made = export_files.write(form, tables, about)
        self.counted.exported(kind, form)
        log.info("exported", kind=kind, month=month, scope=wanted.scope.text, format=form)
        return _file(request, made, form, f"{kind}-{month}-{wanted.scope.code}.{form}")

    def _wanted(self, holder: Holder, kind: str, month: str, scope: str) -> exports.Export:
        try:
            wanted = exports.export_of(self.scopes, kind, month, scope)
        except exports.BadExport as bad:
            raise HttpError(400, bad.code, bad.message) from bad
        if not access.exports_scope(holder, wanted.scope):
            raise HttpError(403, "forbidden", "an organiser exports its own community alone")
        return wanted


def _file(request: Request, made: IO[bytes], form: str, name: str) -> Response:
    """The spooled file streamed out a block at a time, closed once sent."""
    body = wrap_file(request.environ, made)
    mimetype = export_files.FORMATS[form]
    answer = Response(body, status=200, mimetype=mimetype, direct_passthrough=True)
    answer.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return answer
