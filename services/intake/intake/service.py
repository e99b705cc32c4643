"""Intake: every channel into one net. Entrypoints only; decisions live in handlers.py, reads
in views.py."""

from datetime import UTC, timedelta

from sqlalchemy.orm import Session
from werkzeug.wrappers import Request, Response

from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.service import ServiceBase
from gongzhi.web import HttpError, api, json_response, load_args, load_json
from intake import (
    geo,
    handlers,
    model,
    openapi,
    public,
    rules,
    schemas,
    updates,
    views,
    web_query,
)
from intake.dependencies import Boundary, PseudonymKey, ReportCounter
from intake.open311 import Open311Api


class IntakeService(Open311Api, ServiceBase):
    name = "intake"
    db = Database(model.metadata)
    pseudonym_key = PseudonymKey()
    boundary = Boundary()
    keys = KeyGuard(model.api_keys)
    count_report = ReportCounter()

    @api("POST", "/api/v1/reports")
    def submit_report(self, request: Request) -> Response:
        """Accept a report. Example body::

            {"category": "blocked-sewer", "lat": 34.5801, "long": 105.7203,
             "coordinate_system": "gcj02", "description": "下水道堵塞, 污水漫到路面",
             "attributes": {"overflowing": "yes", "gas_smell": "no"},
             "channel": "app", "reporter_contact": "13800138000"}

        Answers 201 with {"id": ..., "merged": false}; `merged` is true when the report
        joined an open case of the same matter nearby (附议) and `id` is that case's.
        """
        report = load_json(request, schemas.ReportIn())
        report["lat"], report["long"] = self._point(report)
        accepted = self.take_report(report)
        body = {"id": accepted.case_id, "merged": accepted.merged}
        location = f"/api/v1/reports/{accepted.case_id}"
        return json_response(201, body, headers={"Location": location})

    @api("GET", "/api/v1/reports")
    def list_reports(self, request: Request) -> Response:
        """Reports, newest first: ?status=&category=&grid=&channel=&since=&until=&limit=,
        then ?cursor=<next_cursor> for the next page. Without a key, the public view
        (intake/public.py), as on every GET here."""
        reader = self.reader(request)
        args = load_args(request, schemas.ReportsQuery())
        page = web_query.report_page(args, reader.categories)
        with self.db.transaction() as uow:
            found = views.list_reports(uow.session, page)
        body = {
            "reports": schemas.ReportOut(many=True).dump(reader.reports(found)),
            "next_cursor": web_query.next_cursor(found, page.limit),
        }
        return json_response(200, body)

    @api("POST", "/api/v1/reports/<string:report_id>/updates")
    def add_update(self, request: Request, report_id: str) -> Response:
        """Add to a report: {"kind": "comment", "author": "reporter", "text": "还在漏"} or
        {"kind": "photo", "author": "staff", "media_url": "https://..."}."""
        given = load_json(request, schemas.UpdateIn())
        try:
            with self.db.transaction() as uow:
                update_id = updates.add_update(
                    report_id,
                    given,
                    session=uow.session,
                    outbox=uow.outbox,
                    now=self.db.clock.now(),
                )
        except updates.UnknownReport as missing:
            raise HttpError(404, "not_found", f"no report {report_id}") from missing
        return json_response(201, {"id": update_id})

    @api("GET", "/api/v1/reports/<string:report_id>/updates")
    def list_updates(self, request: Request, report_id: str) -> Response:
        reader = self.reader(request)
        with self.db.transaction() as uow:
            self._readable_report(uow.session, report_id, reader)
            found = views.updates_of(uow.session, report_id)
        updates = schemas.UpdateOut(many=True).dump(reader.updates(found))
        return json_response(200, {"updates": updates})

    @api("GET", "/api/v1/stats/repeats")
    def repeat_stats(self, request: Request) -> Response:
        """The repeat-report rate: co-reports / (cases + co-reports), ?since=&until= (ISO with
        a timezone; default the last 30 days)."""
        window = load_args(request, schemas.StatsQuery())
        until = (window["until"] or self.db.clock.now()).astimezone(UTC)
        since = (window["since"] or until - timedelta(days=30)).astimezone(UTC)
        with self.db.transaction() as uow:
            stats = views.repeat_stats(uow.session, since, until)
        return json_response(200, schemas.RepeatStats().dump(stats))

    @api("GET", "/api/v1/reports/<string:report_id>")
    def get_report(self, request: Request, report_id: str) -> Response:
        reader = self.reader(request)
        with self.db.transaction() as uow:
            report = self._readable_report(uow.session, report_id, reader)
        [shown] = reader.reports([report])
        return json_response(200, schemas.ReportOut().dump(shown))

    @api("GET", "/api/v1/openapi.json")
    def openapi_document(self, request: Request) -> Response:
        """This API as OpenAPI 3.1: the same as the committed services/intake/openapi.json."""
        return json_response(200, openapi.document())

    @event_handler("intake.report.requested.v1")
    def on_report_requested(self, event: Event) -> None:
        """A report from another system, e.g. (data of the CloudEvent)::

        {"category": "blocked-sewer", "location": {"lat": 34.58, "long": 105.72},
         "description": "市民来电: 下水道堵塞", "channel": "hotline",
         "attributes": {"overflowing": "yes", "gas_smell": "no"}}
        """
        self.db.apply_once(
            event,
            handlers.accept_requested,
            clock=self.db.clock,
            district=self.district,
            boundary=self.boundary,
            pseudonym_key=self.pseudonym_key,
        )

    @event_handler("routing.issue.transitioned.v1")
    def on_issue_transitioned(self, event: Event) -> None:
        self.db.apply_once(event, handlers.record_routing)

    def _point(self, report: dict) -> tuple[float | None, float | None]:
        """WGS-84 from the given point in its coordinate system, or the grid's own point;
        none for an address alone (the street places it: there is no geocoder here)."""
        system = report.pop("coordinate_system")
        grid = report.pop("grid")
        if report["lat"] is not None and report["long"] is not None:
            return geo.to_wgs84(report["lat"], report["long"], system)
        if not grid:
            return None, None
        point = geo.grid_point(self.district, grid)
        if point is None:
            raise HttpError(400, "unknown_grid", f"no leaf grid {grid!r} here")
        return point

    def reader(self, request: Request) -> public.Reader:
        """Who reads: a caller with a valid key sees the full record (a wrong key is a 403, as
        on a POST); a caller without one sees the public view."""
        key = presented_key(request)
        if key:
            self.authorise(key)
        return public.Reader(self.district, full=bool(key))

    def _readable_report(self, session: Session, report_id: str, reader: public.Reader) -> dict:
        """The report, or 404 alike for none and for one the reader may not see."""
        report = views.find_report(session, report_id)
        if report is None or not reader.may_read(report):
            raise HttpError(404, "not_found", f"no report {report_id}")
        return report

    def authorise(self, key: str) -> str:
        """The role of the caller's API key: 403 without a valid one, 429 past its rate."""
        with self.db.transaction() as uow:
            return self.keys(uow.session, key).role

    def take_report(self, report: dict) -> handlers.Accepted:
        """The one way in for every channel; a refusal becomes a 400 with every problem."""
        try:
            with self.db.transaction() as uow:
                accepted = handlers.submit_report(
                    report,
                    session=uow.session,
                    outbox=uow.outbox,
                    clock=self.db.clock,
                    district=self.district,
                    boundary=self.boundary,
                    pseudonym_key=self.pseudonym_key,
                )
        except rules.Refused as refused:
            self.count_report(report["channel"], "refused")
            raise refusal(refused) from refused
        self.count_report(report["channel"], "merged" if accepted.merged else "new")
        return accepted


def refusal(refused: rules.Refused) -> HttpError:
    problems = [{"code": p.code, "field": p.field, "message": p.message} for p in refused.problems]
    code = "emergency" if isinstance(refused, rules.Emergency) else "refused"
    return HttpError(400, code, str(refused), problems)
