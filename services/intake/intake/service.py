"""Intake: every channel into one net. Entrypoints only; decisions live in handlers.py, reads
in views.py. Each entrypoint first asks `_caller` who calls: what each role, and a reporter's
follow-up token, may do is in access.py."""

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, timedelta

from sqlalchemy.orm import Session
from werkzeug.wrappers import Request, Response

from gongzhi.contact_key import ContactKey, PseudonymKey
from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.service import ServiceBase
from gongzhi.web import HttpError, api, json_response, load_args, load_json
from intake import (
    access,
    contacts,
    followup,
    geo,
    handlers,
    model,
    moderation,
    openapi,
    public,
    rules,
    schemas,
    updates,
    views,
    web_query,
)
from intake.dependencies import Boundary, ReportCounter
from intake.open311 import Open311Api


class IntakeService(Open311Api, ServiceBase):
    name = "intake"
    db = Database(model.metadata)
    pseudonym_key = PseudonymKey()
    contact_key = ContactKey()
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

        Answers 201 with {"id": ..., "merged": false, "follow_up_token": "gzf_..."};
        `merged` is true when the report joined an open case of the same matter nearby (附议)
        and `id` is that case's. The token is the reporter's, for this report alone.
        """
        self._caller(request, "submit_report")
        report = load_json(request, schemas.ReportIn())
        report["lat"], report["long"] = self._point(report)
        accepted = self.take_report(report, follow_up=True)
        body = {
            "id": accepted.case_id,
            "merged": accepted.merged,
            "follow_up_token": accepted.follow_up_token,
        }
        location = f"/api/v1/reports/{accepted.case_id}"
        return json_response(201, body, headers={"Location": location})

    @api("GET", "/api/v1/reports")
    def list_reports(self, request: Request) -> Response:
        """Reports, newest first: ?status=&category=&grid=&channel=&since=&until=&limit=,
        then ?cursor=<next_cursor> for the next page. Without the full view, the public view
        (intake/public.py), as on every GET here."""
        reader = self._reader(request, "list_reports")
        args = load_args(request, schemas.ReportsQuery())
        page = web_query.report_page(args, reader.categories)
        with self.db.transaction() as uow:
            found = views.list_reports(uow.session, page, reader.full)
        body = {
            "reports": schemas.ReportOut(many=True).dump(reader.reports(found)),
            "next_cursor": web_query.next_cursor(found, page.limit),
        }
        return json_response(200, body)

    @api("POST", "/api/v1/reports/<string:report_id>/updates")
    def add_update(self, request: Request, report_id: str) -> Response:
        """Add to a report: {"kind": "comment", "text": "还在漏"} with the reporter's follow-up
        token, or {"kind": "photo", "media_url": "https://..."} with a grid worker's or staff
        key. The author is the token's reporter or the key's staff; a body's `author` claiming
        another is a 403."""
        caller = self._caller(request, "add_update", report_id)
        given = load_json(request, schemas.UpdateIn())
        with answers(report_id):
            given["author"] = access.author(caller, given["author"])
            with self.db.transaction() as uow:
                update_id = updates.add_update(
                    report_id,
                    given,
                    session=uow.session,
                    outbox=uow.outbox,
                    now=self.db.clock.now(),
                )
        return json_response(201, {"id": update_id})

    @api("GET", "/api/v1/reports/<string:report_id>/updates")
    def list_updates(self, request: Request, report_id: str) -> Response:
        reader = self._reader(request, "list_updates", report_id)
        with self.db.transaction() as uow:
            self._readable_report(uow.session, report_id, reader)
            found = views.updates_of(uow.session, report_id, reader.full)
        updates = schemas.UpdateOut(many=True).dump(reader.updates(found))
        return json_response(200, {"updates": updates})

    @api("POST", "/api/v1/reports/<string:report_id>/hide")
    def hide_report(self, request: Request, report_id: str) -> Response:
        """Hide a report from the public view (staff): {"reason": "personal_data"}; abuse,
        personal_data or duplicate. It stays in the record with who hid it and when; answers
        the hiding in force (a first one stands)."""
        caller = self._caller(request, "hide_report")
        hiding = self._hiding(request, caller)
        with answers(report_id), self.db.transaction() as uow:
            done = moderation.hide_report(uow.session, report_id, hiding)
        return json_response(200, schemas.Hidden().dump({"hidden": done}))

    @api("POST", "/api/v1/reports/<string:report_id>/updates/<string:update_id>/hide")
    def hide_update(self, request: Request, report_id: str, update_id: str) -> Response:
        """Hide one update of a report from the public view (staff), as a report is hidden."""
        caller = self._caller(request, "hide_update")
        hiding = self._hiding(request, caller)
        with answers(report_id), self.db.transaction() as uow:
            number = moderation.update_number(update_id)
            done = moderation.hide_update(uow.session, report_id, number, hiding)
        return json_response(200, schemas.Hidden().dump({"hidden": done}))

    @api("GET", "/api/v1/stats/repeats")
    def repeat_stats(self, request: Request) -> Response:
        """The repeat-report rate: co-reports / (cases + co-reports), ?since=&until= (ISO with
        a timezone; default the last 30 days)."""
        self._caller(request, "repeat_stats")
        window = load_args(request, schemas.StatsQuery())
        until = (window["until"] or self.db.clock.now()).astimezone(UTC)
        since = (window["since"] or until - timedelta(days=30)).astimezone(UTC)
        with self.db.transaction() as uow:
            stats = views.repeat_stats(uow.session, since, until)
        return json_response(200, schemas.RepeatStats().dump(stats))

    @api("GET", "/api/v1/reports/<string:report_id>")
    def get_report(self, request: Request, report_id: str) -> Response:
        """A report: in full to a grid worker's, staff or viewer key and to its reporter's
        follow-up token; else its public view, and 404 for a hidden or private one."""
        reader = self._reader(request, "get_report", report_id)
        with self.db.transaction() as uow:
            report = self._readable_report(uow.session, report_id, reader)
        [shown] = reader.reports([report])
        return json_response(200, schemas.ReportOut().dump(shown))

    @api("GET", "/api/v1/openapi.json")
    def openapi_document(self, request: Request) -> Response:
        """This API as OpenAPI 3.1, with no key read (as /metrics and /health): the same as
        the committed services/intake/openapi.json."""
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
            reporter_keys=self._reporter_keys(),
        )

    @event_handler("routing.issue.transitioned.v1")
    def on_issue_transitioned(self, event: Event) -> None:
        self.db.apply_once(event, handlers.record_routing, district=self.district)

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

    def _reader(self, request: Request, route: str, report_id: str | None = None) -> public.Reader:
        """Who reads `route`: the full record or the public view, as access.Caller.full_view."""
        caller = self._caller(request, route, report_id)
        return public.Reader(self.district, full=caller.full_view)

    def _readable_report(self, session: Session, report_id: str, reader: public.Reader) -> dict:
        """The report, or 404 alike for none and for one the reader may not see."""
        report = views.find_report(session, report_id, reader.full)
        if report is None or not reader.may_read(report):
            raise HttpError(404, "not_found", f"no report {report_id}")
        return report

    def _caller(self, request: Request, route: str, report_id: str | None = None) -> access.Caller:
        """Who calls `route` (an entrypoint's name), about `report_id` if the route is."""
        token = request.headers.get(followup.HEADER, "")
        return self.admit(route, presented_key(request), token, report_id)

    def admit(
        self, route: str, key: str, token: str = "", report_id: str | None = None
    ) -> access.Caller:
        """The caller as access.ROUTES lets it in: 403 for a presented key that is not live or
        a route it may not call, 429 past the key's rate, 404 for a presented follow-up token
        that does not open `report_id` (as for no such report: ids cannot be probed)."""
        holder, grant = None, None
        if key or token:  # no key and no token: the public, asking nothing of the database
            with self.db.transaction() as uow:
                holder = self.keys(uow.session, key) if key else None
                grant = followup.grant(uow.session, report_id, token)
        if token and report_id is not None and grant is None:
            raise HttpError(404, "not_found", f"no report {report_id}")
        caller = access.caller(holder, grant)
        with answers(report_id or ""):
            access.check(caller, route)
        return caller

    def _hiding(self, request: Request, caller: access.Caller) -> moderation.Hiding:
        reason = load_json(request, schemas.HideIn())["reason"]
        return moderation.Hiding(reason, caller.name or "", self.db.clock.now())

    def take_report(self, report: dict, *, follow_up: bool = False) -> handlers.Accepted:
        """The one way in for every channel; a refusal becomes a 400 with every problem. With
        `follow_up`, the accepted report carries its reporter's new follow-up token."""
        try:
            with self.db.transaction() as uow:
                accepted = handlers.submit_report(
                    report,
                    session=uow.session,
                    outbox=uow.outbox,
                    clock=self.db.clock,
                    district=self.district,
                    boundary=self.boundary,
                    reporter_keys=self._reporter_keys(),
                )
                if follow_up:
                    accepted = self._follow_up(uow.session, accepted)
        except rules.Refused as refused:
            self.count_report(report["channel"], "refused")
            raise refusal(refused) from refused
        self.count_report(report["channel"], "merged" if accepted.merged else "new")
        return accepted

    def _reporter_keys(self) -> contacts.ReporterKeys:
        return contacts.ReporterKeys(self.pseudonym_key, self.contact_key)

    def _follow_up(self, session: Session, accepted: handlers.Accepted) -> handlers.Accepted:
        token = followup.issue(
            session, accepted.case_id, co_report=accepted.merged, now=self.db.clock.now()
        )
        return dataclasses.replace(accepted, follow_up_token=token)


@contextmanager
def answers(report_id: str) -> Iterator[None]:
    """What a refusal answers: 403 for a caller who may not, 404 for no such report or update."""
    try:
        yield
    except access.Forbidden as forbidden:
        raise HttpError(403, "forbidden", str(forbidden)) from forbidden
    except (updates.UnknownReport, moderation.NotFound) as missing:
        raise HttpError(404, "not_found", f"no such report or update: {report_id}") from missing


def refusal(refused: rules.Refused) -> HttpError:
    problems = [{"code": p.code, "field": p.field, "message": p.message} for p in refused.problems]
    code = "emergency" if isinstance(refused, rules.Emergency) else "refused"
    return HttpError(400, code, str(refused), problems)
