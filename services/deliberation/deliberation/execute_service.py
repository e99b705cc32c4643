"""The entrypoints of a carried plan's execution and its evaluation (tasks.py, residents.py),
a part of DeliberationService (service.py), which holds the dependencies they use."""

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request, Response

from deliberation import access, handlers, tasks
from deliberation import matter_schemas as schemas
from deliberation.execute_schemas import EmptyIn
from deliberation.matter_service import answers
from deliberation.policy import Policy
from deliberation.steps import Move
from gongzhi.apikeys import Holder
from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.keyguard import presented_key
from gongzhi.web import api, json_response, load_json

TASK = "/api/v1/matters/<string:matter_id>/tasks/<string:task_id>"


class ExecuteEntrypoints:
    """Mixed into DeliberationService, which gives these their dependencies."""

    db: Database
    keys: Callable[..., Holder]
    policy: Policy

    @event_handler("routing.issue.transitioned.v1")
    def on_issue_transitioned(self, event: Event) -> None:
        """A step of any case, e.g. `{"issue_id": "<task id>", "action": "resolve", "status":
        "resolved", "at": ...}`: only the cases made of our tasks are kept, the rest passed over
        with one look-up and no inbox row."""
        with self.db.transaction() as uow:
            ours = tasks.is_sent(uow.session, event.data["issue_id"])
        if ours:
            self.db.apply_once(event, handlers.follow_task, clock=self.db.clock, policy=self.policy)

    @event_handler("intake.report.submitted.v1")
    def on_report_submitted(self, event: Event) -> None:
        """Who reported the case, by ref: `{"report_id": "<case id>", "reporter_ref": "9f2c"}`."""
        self.db.apply_once(
            event, handlers.remember_reporter, clock=self.db.clock, policy=self.policy
        )

    @api("POST", f"{TASK}/done")
    def task_done(self, request: Request, matter_id: str, task_id: str) -> Response:
        """Staff mark a task the council does itself (owner kind `council`) done, `{}`; 409 for
        a department's or a unit's task (routing's case says when it is done)."""
        matter_id, task_id = schemas.matter_id(matter_id), schemas.matter_id(task_id)
        load_json(request, EmptyIn())
        with answers(), self.db.transaction() as uow:
            holder = access.secretary(self._key_holder(uow, request))
            move = Move(holder.name, self.db.clock.now(), self.policy, uow.session, uow.outbox)
            state = tasks.mark_done(matter_id, task_id, move)
        return json_response(200, {"matter_id": matter_id, "task_id": task_id, "state": state})

    def _key_holder(self, uow: Any, request: Request) -> Holder:
        return self.keys(uow.session, presented_key(request))
