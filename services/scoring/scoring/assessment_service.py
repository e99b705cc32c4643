"""Assessment's entrypoints: facts from the ratings' events (routing's steps come in through
ScoringService's on_issue_transitioned, steps.py, with the ratings' part), the month closed by
a timer, and the month's figures over HTTP. A part of ScoringService (service.py), which holds
the dependencies they use; the arithmetic is assessment.py's, the counting assessment_views.py's."""

import structlog
from nameko.timer import timer
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Request, Response

from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.web import HttpError, api, json_response, refuse_nul
from scoring import access, assessment_close, assessment_facts, assessment_views
from scoring.assessment import figures_of, month_score
from scoring.assessment_plan import Plan, is_month
from scoring.dependencies import ScoringMetrics

log = structlog.get_logger(__name__)
CLOSE_EVERY_SECONDS = 600


class AssessmentEntrypoints:
    """Mixed into ScoringService, which gives these their dependencies."""

    db: Database
    plan: Plan
    keys: KeyGuard
    counted: ScoringMetrics

    @event_handler("scoring.rating.recorded.v1")
    def on_rating_recorded(self, event: Event) -> None:
        """A case's rating, e.g. `{"issue_id": "i-1", "verdict": "satisfied", "owner":
        {"kind": "department", "id": "housing"}, "rated_at": "2026-11-03T10:00:00+08:00", ...}`."""
        self._assess(event, assessment_facts.record_rating)

    def _assess(self, event: Event, handler) -> None:
        if self.db.apply_once(event, handler, plan=self.plan):
            self._gauge_owner(event)

    def _gauge_owner(self, event: Event) -> None:
        """The gauges of the department the event names as the case's owner, if it does."""
        owner = event.data.get("owner") or {}
        if owner.get("kind") == "department":
            with self.db.transaction() as uow:
                self._gauge(uow.session, self.plan.month_of(self.db.clock.now()), owner["id"])

    @timer(interval=CLOSE_EVERY_SECONDS, eager=True)
    def close_month(self) -> None:
        """Close the month just past, once: score each owner, a yellow card under the threshold."""
        now, plan = self.db.clock.now(), self.plan
        with self.db.transaction() as uow:
            month = assessment_close.due(uow.session, plan, now)
            scored = []
            if month:
                scored = assessment_close.close_month(uow.session, uow.outbox, month, plan, now)
            for department in _departments(uow.session, plan.month_of(now)):
                self._gauge(uow.session, plan.month_of(now), department)
        self.counted.assessed(scored)
        self.counted.threshold_is(plan.assessment.threshold)
        if scored:
            log.info("month_assessed", month=month, owners=len(scored))

    def _gauge(self, session: Session, month: str, department: str) -> None:
        where = assessment_views.facts.c.owner_id == department
        counts = assessment_views.month_counts(session, month, assessment_views.by_owner, where)
        found = counts.get(("department", department))
        if found:
            figures = figures_of(found)
            score = month_score(found, self.plan.assessment)
            self.counted.department(department, figures["satisfaction"], score)

    @api("GET", "/api/v1/assessment/<string:month>")
    def assessment_month(self, request: Request, month: str) -> Response:
        """Every owner's figures and score in a month (district time), e.g.
        /api/v1/assessment/2026-11, and each community's figures; for an operator or a
        supervisor. A closed month shows the score it was given and whether it earned a card."""
        with self.db.transaction() as uow:
            access.assessor(self.keys(uow.session, presented_key(request)))
            found = assessment_views.month_view(uow.session, _month(month), self.plan)
        return json_response(200, found)

    @api("GET", "/api/v1/assessment/<string:month>/departments/<string:department>")
    def assessment_department(self, request: Request, month: str, department: str) -> Response:
        """A department's month: its ratings counted by verdict, every figure (satisfaction
        among them), its score and its card, e.g. /api/v1/assessment/2026-11/departments/housing."""
        with self.db.transaction() as uow:
            access.assessor(self.keys(uow.session, presented_key(request)))
            refuse_nul([department], "path")
            view = assessment_views.department_view
            found = view(uow.session, _month(month), department, self.plan)
        return json_response(200, found)


def _month(text: str) -> str:
    if not is_month(text):
        raise HttpError(400, "invalid_month", f"{text!r} is no month like 2026-11")
    return text


def _departments(session: Session, month: str) -> list[str]:
    facts = assessment_views.facts
    query = select(facts.c.owner_id).distinct()
    query = query.where(facts.c.month == month, facts.c.owner_kind == "department")
    return list(session.execute(query).scalars())
