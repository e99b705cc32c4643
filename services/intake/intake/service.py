"""Intake: every channel into one net. Entrypoints only; decisions live in handlers.py."""

import math

from werkzeug.wrappers import Request, Response

from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.service import ServiceBase
from gongzhi.web import HttpError, api, json_response, load_json
from intake import geo, handlers, keys, model, rules, schemas
from intake.dependencies import Boundary, PseudonymKey, RateLimits
from intake.open311 import Open311Api


class IntakeService(Open311Api, ServiceBase):
    name = "intake"
    db = Database(model.metadata)
    pseudonym_key = PseudonymKey()
    boundary = Boundary()
    rate_limits = RateLimits()

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
        system = report.pop("coordinate_system")
        report["lat"], report["long"] = geo.to_wgs84(report["lat"], report["long"], system)
        accepted = self.take_report(report)
        body = {"id": accepted.case_id, "merged": accepted.merged}
        location = f"/api/v1/reports/{accepted.case_id}"
        return json_response(201, body, headers={"Location": location})

    @api("GET", "/api/v1/reports/<string:report_id>")
    def get_report(self, request: Request, report_id: str) -> Response:
        with self.db.transaction() as uow:
            report = handlers.find_report(uow.session, report_id)
        if report is None:
            raise HttpError(404, "not_found", f"no report {report_id}")
        return json_response(200, schemas.ReportOut().dump(report))

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

    @event_handler("routing.issue.assigned.v1")
    def on_issue_assigned(self, event: Event) -> None:
        self.db.apply_once(event, handlers.record_assignment)

    def authorise(self, key: str) -> str:
        """The role of the caller's API key: 403 without a valid one, 429 past its rate."""
        with self.db.transaction() as uow:
            role = handlers.role_of_key(uow.session, key)
        if role is None:
            raise HttpError(403, "403", "a valid api_key is required")
        allowed, retry_after = self.rate_limits.allow(keys.key_id(key))
        if not allowed:
            wait = str(math.ceil(retry_after))
            raise HttpError(
                429, "429", f"too many requests: retry in {wait} s", headers={"Retry-After": wait}
            )
        return role

    def take_report(self, report: dict) -> handlers.Accepted:
        """The one way in for every channel; a refusal becomes a 400 with every problem."""
        try:
            with self.db.transaction() as uow:
                return handlers.submit_report(
                    report,
                    session=uow.session,
                    outbox=uow.outbox,
                    clock=self.db.clock,
                    district=self.district,
                    boundary=self.boundary,
                    pseudonym_key=self.pseudonym_key,
                )
        except rules.Refused as refused:
            raise refusal(refused) from refused


def refusal(refused: rules.Refused) -> HttpError:
    problems = [{"code": p.code, "field": p.field, "message": p.message} for p in refused.problems]
    code = "emergency" if isinstance(refused, rules.Emergency) else "refused"
    return HttpError(400, code, str(refused), problems)
