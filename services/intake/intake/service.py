"""Intake: every channel into one net. Entrypoints only; decisions live in handlers.py."""

from werkzeug.wrappers import Request, Response

from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.service import ServiceBase
from gongzhi.web import HttpError, api, json_response, load_json
from intake import handlers, model, schemas
from intake.dependencies import PseudonymKey


class IntakeService(ServiceBase):
    name = "intake"
    db = Database(model.metadata)
    pseudonym_key = PseudonymKey()

    @api("POST", "/api/v1/reports")
    def submit_report(self, request: Request) -> Response:
        """Accept a report. Example body::

            {"category": "blocked-sewer", "lat": 34.5801, "long": 105.7203,
             "description": "下水道堵塞, 污水漫到路面", "channel": "app",
             "reporter_contact": "13800138000"}

        Answers 201 with {"id": ...}.
        """
        report = load_json(request, schemas.ReportIn())
        try:
            with self.db.transaction() as uow:
                report_id = handlers.submit_report(
                    report,
                    session=uow.session,
                    outbox=uow.outbox,
                    clock=self.db.clock,
                    district=self.district,
                    pseudonym_key=self.pseudonym_key,
                )
        except handlers.UnknownCategory as exc:
            raise HttpError(400, "unknown_category", f"unknown category {exc}") from exc
        location = f"/api/v1/reports/{report_id}"
        return json_response(201, {"id": report_id}, headers={"Location": location})

    @api("GET", "/api/v1/reports/<string:report_id>")
    def get_report(self, request: Request, report_id: str) -> Response:
        with self.db.transaction() as uow:
            report = handlers.find_report(uow.session, report_id)
        if report is None:
            raise HttpError(404, "not_found", f"no report {report_id}")
        return json_response(200, schemas.ReportOut().dump(report))

    @event_handler("routing.issue.assigned.v1")
    def on_issue_assigned(self, event: Event) -> None:
        self.db.apply_once(event, handlers.record_assignment)
