"""The tally: reports counted per category. Entrypoints only; decisions live in handlers.py."""

from werkzeug.wrappers import Request, Response

from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.service import ServiceBase
from gongzhi.web import api, json_response
from tally import handlers, model, views
from tally.config import tally_of


class TallyService(ServiceBase):
    name = "tally"
    db = Database(model.metadata)

    @event_handler("intake.report.submitted.v1")
    def on_report_submitted(self, event: Event) -> None:
        """{"category": "blocked-sewer", "report_id": "…", …}: one more of its category."""
        self.db.apply_once(event, handlers.count_report)

    @event_handler("tally.count.changed.v1")
    def on_count_changed(self, event: Event) -> None:
        """{"category": "blocked-sewer", "reports": 100}: a milestone if 100 is one."""
        milestone = tally_of(self.district).milestone
        self.db.apply_once(event, handlers.mark_milestone, milestone=milestone)

    @api("GET", "/api/v1/counts")
    def list_counts(self, request: Request) -> Response:
        """`GET /api/v1/counts`: {"counts": [{"category", "reports", "milestone"}, …]}."""
        with self.db.transaction() as uow:
            found = views.counted(uow.session)
        return json_response(200, {"counts": found})
