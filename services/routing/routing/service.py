"""Routing: grids, tiers, owners, the case lifecycle and its SLA clocks. Entrypoints only;
decisions live in handlers.py, sweep.py and views.py. Every /api/v1/ endpoint but openapi.json
needs an API key (header X-Api-Key, or ?api_key= on a GET); what each role may do is in
access.py."""

from collections.abc import Iterator
from contextlib import contextmanager

import eventlet
from werkzeug.wrappers import Request, Response

from gongzhi.apikeys import Holder
from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.service import ServiceBase
from gongzhi.web import HttpError, api, json_response, load_args, load_json
from routing import access, councils, handlers, model, openapi, ratings, schemas, sweep, views
from routing.dependencies import RoutingMetrics, RoutingPolicy, SweepPace, SweepTimer
from routing.lifecycle import Refused


@contextmanager
def answers(issue_id: str) -> Iterator[None]:
    """What a refused action answers: 400 for another's name, 403 for a key that may not,
    404 for no such case, 409 with the lifecycle's reason."""
    try:
        yield
    except access.NotTheHolder as other:
        raise HttpError(400, "not_the_holder", str(other)) from other
    except access.Forbidden as forbidden:
        raise HttpError(403, "forbidden", str(forbidden)) from forbidden
    except handlers.NotFound as missing:
        raise HttpError(404, "not_found", f"no case {issue_id}") from missing
    except Refused as refused:
        raise HttpError(409, "refused", str(refused)) from refused


class RoutingService(ServiceBase):
    name = "routing"
    db = Database(model.metadata)
    policy = RoutingPolicy()
    counted = RoutingMetrics()
    keys = KeyGuard(model.api_keys)
    pace = SweepPace()

    @event_handler("intake.report.submitted.v1")
    def on_report_submitted(self, event: Event) -> None:
        self.db.apply_once(event, handlers.route_report, clock=self.db.clock, policy=self.policy)

    @event_handler("deliberation.matter.decided.v1")
    def on_matter_decided(self, event: Event) -> None:
        self.db.apply_once(
            event, councils.answer_with_decision, clock=self.db.clock, policy=self.policy
        )

    @event_handler("deliberation.task.assigned.v1")
    def on_task_assigned(self, event: Event) -> None:
        self.db.apply_once(event, councils.open_task, clock=self.db.clock, policy=self.policy)

    @event_handler("scoring.rating.recorded.v1")
    def on_rating_recorded(self, event: Event) -> None:
        """A rating of a resolved case, e.g. `{"issue_id": "5b8f...", "verdict": "unsatisfied",
        "source": "resident", ...}`: an unsatisfied one reopens it (ratings.py)."""
        self.db.apply_once(
            event, ratings.reopen_on_unsatisfied, clock=self.db.clock, policy=self.policy
        )

    @SweepTimer.decorator
    def sweep_lights(self) -> None:
        """Turn lights, warn supervisors, escalate on red, and now and then recheck times an
        older calendar worked out: batch after batch while there is more, but no more than
        the pace allows a pass, and letting the event handlers in between batches."""
        now = self.db.clock.now()
        plan = self.pace.plan(now)
        for _ in range(self.pace.max_batches):
            with self.db.transaction() as uow:
                swept = sweep.sweep(
                    session=uow.session,
                    outbox=uow.outbox,
                    clock=self.db.clock,
                    policy=self.policy,
                    plan=plan,
                )
            self.counted.swept(swept)
            plan = self.pace.after(plan, swept, now)
            if not swept.full:
                break
            eventlet.sleep(0)  # the batch has committed: handlers waiting on the database go
        with self.db.transaction() as uow:
            self.counted.open(views.open_count(uow.session))
        self.counted.passed()

    @api("POST", "/api/v1/cases/<string:issue_id>/actions")
    def act(self, request: Request, issue_id: str) -> Response:
        """One step in a case's life. Example bodies::

            {"action": "accept", "actor": "owner", "actor_id": "gw-620502001001001"}
            {"action": "request_pause", "actor": "owner", "reason": "等待业主回国"}
            {"action": "approve", "actor": "supervisor", "actor_id": "gs-620502001001"}
            {"action": "request_extension", "actor": "owner", "clock": "reply",
             "extension": "3d", "reason": "需要房管部门鉴定"}
            {"action": "escalate", "actor": "owner", "reason": "涉及多个部门"}
            {"action": "resolve", "actor": "owner", "reason": "已派疏通车",
             "answer": {"text": "管道已疏通", "photos": ["https://img.example.cn/1.jpg"]}}

        `reason` is internal; `answer` is what the resident is told (a resolution needs one; a
        bad one is a 400 naming it, before anything changes). The key decides who acts:
        `actor` must be one its role allows on this case, else 403 with the reason; `actor_id`
        is the key's holder (another one in the body is a 400).
        Answers 200 with the case as it now stands, 404 for an unknown case, 409 with the
        reason when the lifecycle does not allow the action.
        """
        holder = self._caller(request)
        given = load_json(request, schemas.ActionIn())
        with answers(issue_id):
            given = access.signed(given, holder)
            with self.db.transaction() as uow:
                access.check(uow.session, holder, issue_id, given["actor"])
                done = handlers.act(
                    issue_id,
                    given,
                    session=uow.session,
                    outbox=uow.outbox,
                    clock=self.db.clock,
                    policy=self.policy,
                )
        self.counted.done(done)
        return self._case(issue_id)

    @api("POST", "/api/v1/cases/<string:issue_id>/tasks/done")
    def finish_task(self, request: Request, issue_id: str) -> Response:
        """A co-handler reports its task on the case done (no body): the key's holder is the
        co-handler, e.g. a staff key held by `housing`. 409 when it has no open task there."""
        holder = self._caller(request)
        with answers(issue_id):
            access.co_handler(holder)
            with self.db.transaction() as uow:
                done = handlers.finish_task(
                    issue_id,
                    holder.name,
                    session=uow.session,
                    outbox=uow.outbox,
                    clock=self.db.clock,
                    policy=self.policy,
                )
        self.counted.done(done)
        return self._case(issue_id)

    @api("GET", "/api/v1/cases/<string:issue_id>")
    def get_case(self, request: Request, issue_id: str) -> Response:
        """A case: grid, tier, owner, co-handlers, clocks with their lights, and its history."""
        self._caller(request)
        return self._case(issue_id)

    @api("GET", "/api/v1/work")
    def work_queue(self, request: Request) -> Response:
        """Open cases, most urgent first, of one queue: ?owner_kind=grid_worker&owner_id=gw-…,
        ?community=620502001001 or ?department=housing; &limit=&offset=."""
        self._caller(request)
        query = load_args(request, schemas.WorkQuery())
        with self.db.transaction() as uow:
            found = views.work(
                uow.session, query["queue"], limit=query["limit"], offset=query["offset"]
            )
        return json_response(200, {"cases": found})

    @api("GET", "/api/v1/stats/<string:by>")
    def stats(self, request: Request, by: str) -> Response:
        """Counts by `tier` (the tier pyramid), `light` or `department`."""
        self._caller(request)
        if by not in ("tier", "light", "department"):
            raise HttpError(404, "not_found", "stats are by tier, light or department")
        with self.db.transaction() as uow:
            return json_response(200, {"by": by, "counts": views.stats(uow.session, by)})

    @api("GET", "/api/v1/openapi.json")
    def openapi_document(self, request: Request) -> Response:
        """This API as OpenAPI 3.1, with no key needed: the committed
        services/routing/openapi.json."""
        return json_response(200, openapi.document())

    def _caller(self, request: Request) -> Holder:
        """The holder of the request's API key: 403 without a live one, 429 past its rate."""
        with self.db.transaction() as uow:
            return self.keys(uow.session, presented_key(request))

    def _case(self, issue_id: str) -> Response:
        with self.db.transaction() as uow:
            found = views.case_detail(uow.session, self.policy.district, issue_id)
        if found is None:
            raise HttpError(404, "not_found", f"no case {issue_id}")
        return json_response(200, found)
