"""The entrypoints of a carried plan's execution and its evaluation (tasks.py, residents.py),
a part of DeliberationService (service.py), which holds the dependencies they use."""

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request, Response

from deliberation import access, evaluation, handlers, tasks
from deliberation import matter_schemas as schemas
from deliberation.dependencies import MatterMetrics
from deliberation.execute_schemas import EmptyIn, EvaluationIn, EvaluationOut, RatingIn, RatingOut
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
    matters_counted: MatterMetrics

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
            state = tasks.mark_done(matter_id, task_id, self._as(uow, holder.name))
        return json_response(200, {"matter_id": matter_id, "task_id": task_id, "state": state})

    @api("POST", "/api/v1/matters/<string:matter_id>/ratings")
    def rate(self, request: Request, matter_id: str) -> Response:
        """Rate a matter's outcome at its evaluate step, once: a member's own `{"verdict":
        "satisfied", "comment": "路面干净了"}`, or a resident app's for a reporter, with
        `"resident_ref": "9f2c..."`. Verdicts: satisfied, basically, unsatisfied."""
        matter_id = schemas.matter_id(matter_id)
        given = load_json(request, RatingIn())
        with answers(), self.db.transaction() as uow:
            holder = access.rater(self._key_holder(uow, request))
            rater, kind = access.rater_of(holder, given["resident_ref"])
            rating = evaluation.Rating(rater, kind, given["verdict"], given["comment"])
            evaluation.rate(matter_id, rating, self._as(uow, rater))
        self.matters_counted.rated(rating.verdict)
        body = {"matter_id": matter_id, "rater_kind": kind, "verdict": rating.verdict}
        return json_response(201, RatingOut().dump(body))

    @api("POST", "/api/v1/matters/<string:matter_id>/evaluation")
    def close_evaluation(self, request: Request, matter_id: str) -> Response:
        """Close the evaluation (staff): its counts per verdict published, the matter moved
        on; `{"review_on": "2027-03-01"}` (a working day to come) brings it back then."""
        matter_id = schemas.matter_id(matter_id)
        review_on = load_json(request, EvaluationIn())["review_on"]
        with answers(), self.db.transaction() as uow:
            holder = access.secretary(self._key_holder(uow, request))
            matter = evaluation.close(matter_id, review_on, self._as(uow, holder.name))
            found = evaluation.outcome(uow.session, matter_id)
        body = {"matter_id": matter_id, "step": matter.step, "status": matter.status}
        return json_response(200, EvaluationOut().dump({**body, **(found or {})}))

    def _as(self, uow: Any, actor: str) -> Move:
        return Move(actor, self.db.clock.now(), self.policy, uow.session, uow.outbox)

    def _key_holder(self, uow: Any, request: Request) -> Holder:
        return self.keys(uow.session, presented_key(request))
