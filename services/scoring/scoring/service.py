"""Scoring: points, ratings, rankings. Entrypoints only; decisions live in handlers.py,
earning.py, claims.py and ledger.py, reads in views.py."""

import contextlib
from collections.abc import Iterator

import structlog
from nameko.timer import timer
from werkzeug.wrappers import Request, Response

from gongzhi.database import Database
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.service import ServiceBase
from gongzhi.web import HttpError, api, json_response, load_args, load_json, refuse_nul
from scoring import (
    access,
    accounts,
    anomalies,
    claims,
    expiry,
    handlers,
    ledger,
    model,
    openapi,
    schemas,
    steps,
    views,
)
from scoring.assessment_service import AssessmentEntrypoints
from scoring.dependencies import (
    AssessmentPlan,
    ExportScopes,
    PublicRate,
    RatingPlan,
    ScoringBook,
    ScoringMetrics,
)
from scoring.export_service import ExportEntrypoints
from scoring.projects_service import ProjectsEntrypoints
from scoring.property_service import PropertyEntrypoints
from scoring.rankings_service import RankingsEntrypoints
from scoring.ratings_service import RatingEntrypoints
from scoring.shop_service import ShopEntrypoints

log = structlog.get_logger(__name__)
EXPIRE_EVERY_SECONDS = 3600
FLAGS_EVERY_SECONDS = 60
BAD_INPUT = (
    "unknown_role",
    "unknown_community",
    "unknown_grid",
    "unbalanced",
    "unknown_account",
    "personal_alias",
)
STATUS = {"not_found": 404}


@contextlib.contextmanager
def refusals() -> Iterator[None]:
    """A ledger refusal as an answer: 400 for what was malformed, 409 for a limit or a clash."""
    try:
        yield
    except ledger.Refused as refused:
        status = STATUS.get(refused.code, 400 if refused.code in BAD_INPUT else 409)
        raise HttpError(status, refused.code, refused.message) from refused


class ScoringService(
    ProjectsEntrypoints,
    RankingsEntrypoints,
    AssessmentEntrypoints,
    RatingEntrypoints,
    ShopEntrypoints,
    PropertyEntrypoints,
    ExportEntrypoints,
    ServiceBase,
):
    name = "scoring"
    db = Database(model.metadata)
    book = ScoringBook()
    plan = AssessmentPlan()
    keys = KeyGuard(model.api_keys)
    counted = ScoringMetrics()
    rating_plan = RatingPlan()
    public_rate = PublicRate()
    scopes = ExportScopes()

    @event_handler("intake.report.submitted.v1")
    def on_report_submitted(self, event: Event) -> None:
        """A report: its reporter took part, and earns what the rules say, e.g. for
        `{"report_id": "r1", "reporter_ref": "9f2c...", "channel": "app", ...}`."""
        self._earn(event, handlers.record_report)

    @event_handler("routing.issue.transitioned.v1")
    def on_issue_transitioned(self, event: Event) -> None:
        """A case's step, for assessment and ratings from one queue (steps.py): its owner
        received it, stopped a clock, resolved or reopened it; a resolution invites its
        reporters to rate it, e.g. `{"issue_id": "i-1", "action": "resolve", "owner": {"kind":
        "department", "id": "housing"}, "answer": {...}, ...}`."""
        invited: list[int] = []
        plans, clock = (self.plan, self.rating_plan), self.db.clock
        if self.db.apply_once(event, steps.on_step, plans=plans, clock=clock, invited=invited):
            self.counted.invited("sent", sum(invited))
            self._gauge_owner(event)

    @event_handler("intake.report.corroborated.v1")
    def on_report_corroborated(self, event: Event) -> None:
        self._earn(event, handlers.record_co_report)

    @event_handler("deliberation.vote.closed.v1")
    def on_vote_closed(self, event: Event) -> None:
        """A council vote closed: its `voters` (who voted, never how) earn what the rules say,
        e.g. `{"matter_id": "m-1", "voters": ["p-1001", "p-1101"], "carried": true, ...}`."""
        self._earn(event, handlers.earn_by_rules)

    @event_handler("deliberation.matter.evaluated.v1")
    def on_matter_evaluated(self, event: Event) -> None:
        """A carried-out plan was rated (民主评事): earns what the rules say, e.g. to the
        council's `parties`."""
        self._earn(event, handlers.earn_by_rules)

    def _earn(self, event: Event, handler) -> None:
        issued: list[tuple[str, int]] = []
        skipped: list[str] = []
        earns = {"book": self.book, "clock": self.db.clock, "issued": issued, "skipped": skipped}
        if self.db.apply_once(event, handler, **earns):
            self.counted.issued(issued)
            self.counted.skipped(skipped)

    @timer(interval=EXPIRE_EVERY_SECONDS, eager=True)
    def expire_points(self) -> None:
        """Move points past the district's expiry.after_days to the expiry account."""
        after_days = self.book.scoring.expiry.after_days
        if after_days is None:
            return
        with self.db.transaction() as uow:
            expired = expiry.expire(uow.session, self.db.clock.now(), after_days, self.book.policy)
        if expired:
            self.counted.expired(expired)
            log.info("points_expired", points=expired)

    @timer(interval=FLAGS_EVERY_SECONDS, eager=True)
    def count_flags(self) -> None:
        """Count this month's anomaly flags by community, for the metrics and the alert."""
        with self.db.transaction() as uow:
            start, _ = self.book.policy.month_of(self.db.clock.now())
            found = anomalies.raised_since(uow.session, start)
        self.counted.flags_counted((c or self.book.district, n) for c, n in found)

    @api("GET", "/api/v1/openapi.json")
    def openapi_document(self, request: Request) -> Response:
        """This API's OpenAPI 3.1 document, for anyone: the committed
        services/scoring/openapi.json."""
        return json_response(200, openapi.document())

    @api("POST", "/api/v1/people")
    def register_person(self, request: Request) -> Response:
        """Register a person (an operator's key), ids only, e.g. `{"person": "p-1001",
        "community": "620502001001", "role": "volunteer"}`: 201, or 200 if registered so."""
        with self.db.transaction() as uow, refusals():
            access.registrar(self.keys(uow.session, presented_key(request)))
            wanted = accounts.Person(**load_json(request, schemas.PersonIn()))
            now, book = self.db.clock.now(), self.book
            new = accounts.register(uow.session, wanted, book.scoring, now, book.communities)
            found = views.person(uow.session, wanted.person)
        return json_response(201 if new else 200, schemas.PersonOut().dump(found))

    @api("GET", "/api/v1/people/<string:person>")
    def get_person(self, request: Request, person: str) -> Response:
        """A person's community, role and balance; an organiser sees its community's alone."""
        with self.db.transaction() as uow:
            holder = access.person_reader(self.keys(uow.session, presented_key(request)))
            refuse_nul([person], "path")
            found = views.person(uow.session, person)
            if not access.sees_community(holder, found["community"]):
                raise HttpError(404, "not_found", f"no person {person!r} is registered")
        return json_response(200, schemas.PersonOut().dump(found))

    @api("POST", "/api/v1/accounts")
    def open_account(self, request: Request) -> Response:
        """Open an organisation's or a merchant's account (an operator's key), e.g.
        `{"kind": "merchant", "holder": "m-1", "community": "620502001001"}`: 201, or 200 if
        it was opened so."""
        with self.db.transaction() as uow, refusals():
            access.registrar(self.keys(uow.session, presented_key(request)))
            wanted = load_json(request, schemas.AccountIn())
            now, communities = self.db.clock.now(), self.book.communities
            found, new = accounts.open_holder(
                uow.session, **wanted, at=now, book_communities=communities
            )
            shown = views.account_view(uow.session, found, self.book.scoring)
        return json_response(201 if new else 200, schemas.AccountOut().dump(shown))

    @api("GET", "/api/v1/accounts/<string:code>")
    def get_account(self, request: Request, code: str) -> Response:
        """An account's balance, limits and latest entries, e.g. /api/v1/accounts/person:p-1001."""
        with self.db.transaction() as uow:
            holder = access.account_reader(self.keys(uow.session, presented_key(request)))
            refuse_nul([code], "path")
            found = views.account(uow.session, code)
            if not access.sees_account(holder, found.code, found.community):
                raise HttpError(404, "not_found", f"no account {code!r}")
            shown = views.account_view(uow.session, found, self.book.scoring)
        return json_response(200, schemas.AccountOut().dump(shown))

    @api("POST", "/api/v1/claims")
    def make_claim(self, request: Request) -> Response:
        """A registered person's claim of a verified activity (a resident app's key), e.g.
        `{"person": "p-1001", "activity": "public_welfare_post", "quantity": 2,
        "client_key": "app-7f3a"}`: 201, or 200 with the claim the same client_key made."""
        with self.db.transaction() as uow:
            holder = access.claimant(self.keys(uow.session, presented_key(request)))
            wanted = claims.Claim(**load_json(request, schemas.ClaimIn()))
            made, new = claims.claim(
                uow.session, wanted, holder.name, self.db.clock.now(), self.book
            )
        return json_response(201 if new else 200, schemas.ClaimOut().dump(made))

    @api("GET", "/api/v1/claims")
    def list_claims(self, request: Request) -> Response:
        """Claims, newest first (`?status=claimed` for those waiting): an organiser's
        community's, or every community's for an operator."""
        with self.db.transaction() as uow:
            holder = access.claims_reader(self.keys(uow.session, presented_key(request)))
            status = load_args(request, schemas.ClaimsQuery())["status"]
            community = holder.name if holder.role == "organiser" else None
            found = views.claims_of(uow.session, community, status)
        return json_response(200, schemas.ClaimsOut().dump({"claims": found}))

    @api("POST", "/api/v1/claims/<string:claim_id>/approve")
    def approve_claim(self, request: Request, claim_id: str) -> Response:
        """Approve a claim of the organiser's community: its points are posted, or a 409
        names the cap or limit that refuses them and the claim stays as it was."""
        return self._decide(request, claim_id, approve=True)

    @api("POST", "/api/v1/claims/<string:claim_id>/reject")
    def reject_claim(self, request: Request, claim_id: str) -> Response:
        """Reject a claim of the organiser's community, e.g. `{"reason": "未到岗"}`."""
        return self._decide(request, claim_id, approve=False)

    def _decide(self, request: Request, claim_id: str, *, approve: bool) -> Response:
        issued: list[tuple[str, int]] = []
        with self.db.transaction() as uow:
            holder = access.decider(self.keys(uow.session, presented_key(request)))
            number = schemas.record_id(claim_id, "claim")
            given = request.get_data(cache=True)  # no body: no reason
            reason = load_json(request, schemas.DecisionIn())["reason"] if given else None
            now = self.db.clock.now()
            done = claims.decide(uow.session, number, holder.name, approve, reason, now, self.book)
            if approve:
                issued.append((holder.name, claims.points_of(done, self.book)))
        self.counted.issued(issued)
        return json_response(200, schemas.ClaimOut().dump(done))

    @api("GET", "/api/v1/flags")
    def list_flags(self, request: Request) -> Response:
        """Anomaly flags, newest first: accounts earning far above their community's norm."""
        with self.db.transaction() as uow:
            access.operator(self.keys(uow.session, presented_key(request)))
            found = views.flag_list(uow.session)
        return json_response(200, schemas.FlagsOut().dump({"flags": found}))
