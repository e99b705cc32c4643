"""The entrypoints of one matter, one rating (一事一评): a resident's link (its page and its
answer), staff follow-ups (回访), the public's scores, and the timer that
lets unanswered links lapse; routing's steps come in through ScoringService's own
on_issue_transitioned (steps.py). A part of ScoringService (service.py), which holds the
dependencies they use; the decisions are ratings.py's and rating_record.py's."""

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import marshmallow as ma
from nameko.timer import timer
from werkzeug.wrappers import Request, Response

from gongzhi.apikeys import Holder
from gongzhi.database import Database
from gongzhi.keyguard import presented_key
from gongzhi.web import HttpError, api, json_response, load_json, refuse_nul
from scoring import access, pages, rating_record, rating_schemas, rating_views, ratings
from scoring.dependencies import ScoringMetrics
from scoring.pages import page
from scoring.rating_record import Rater, Verdict

LAPSE_EVERY_SECONDS = 60
FORM = "application/x-www-form-urlencoded"


@contextlib.contextmanager
def refusals() -> Iterator[None]:
    try:
        yield
    except rating_record.Refused as refused:
        raise HttpError(refused.status, refused.code, refused.message) from refused


class RatingEntrypoints:
    """Mixed into ScoringService, which gives these their dependencies."""

    db: Database
    rating_plan: ratings.Plan
    counted: ScoringMetrics
    keys: Callable[[Any, str], Holder]
    public_rate: Callable[[Request], None]

    @timer(interval=LAPSE_EVERY_SECONDS, eager=True)
    def lapse_invitations(self) -> None:
        """Links past their time: the district's default verdict, or not rated."""
        with self.db.transaction() as uow:
            lapsed = rating_record.lapse(
                uow.session, uow.outbox, self.rating_plan, self.db.clock.now()
            )
        self.counted.invited("expired", len(lapsed))
        for verdict in filter(None, lapsed):
            self.counted.rated(verdict, "default")

    @page("GET", "/r/<string:token>")
    def rating_page(self, request: Request, token: str) -> Response:
        """A resident's link: the case's answer and the form to rate it (no key: the link is
        the credential, once). 404 forged, 409 used, 410 expired."""
        plan = self.rating_plan
        with self.db.transaction() as uow, refusals():
            invited = rating_record.invitation(uow.session, plan, token, self.db.clock.now())
            case = rating_record.case_of(uow.session, invited["issue_id"])
            shown = rating_views.page_of(case, invited, plan.ratings)
        body = pages.render(
            "rating.html",
            **shown,
            action=f"../api/v1/ratings/{token}",  # relative: behind a proxy's path prefix too
            zone=plan.zone,
            district=plan.district_name,
        )
        return pages.html_response(200, body)

    @api("POST", "/api/v1/ratings/<string:token>")
    def rate(self, request: Request, token: str) -> Response:
        """A resident's verdict through their link, JSON or the page's form, e.g.
        `{"verdict": "unsatisfied", "reasons": ["not_fixed"], "comment": "还在漏水"}`: 201 with
        the rating (no comment); 404 forged, 409 used, 410 expired, each changing nothing."""
        if request.mimetype != FORM:
            return json_response(
                201, self._rate(token, load_json(request, rating_schemas.VerdictIn()))
            )
        try:
            done = self._rate(token, _form(request))
        except HttpError as refused:
            return pages.error_page(refused)
        return pages.html_response(
            201, pages.render("rated.html", **done, district=self.rating_plan.district_name)
        )

    def _rate(self, token: str, said: dict[str, Any]) -> dict[str, Any]:
        with self.db.transaction() as uow, refusals():
            done = rating_record.by_resident(
                uow.session,
                uow.outbox,
                self.rating_plan,
                token,
                Verdict(**_said(said)),
                self.db.clock.now(),
            )
        self.counted.rated(done["verdict"], "resident")
        return rating_schemas.RatingOut().dump(done)

    @api("POST", "/api/v1/issues/<string:issue_id>/follow-ups")
    def follow_up(self, request: Request, issue_id: str) -> Response:
        """A staff follow-up (回访) of a resolved case, by visit or call, with an operator's
        or the case's community organiser's key, e.g. `{"verdict": "satisfied", "method":
        "call"}`: 201 with the rating; 404 a case not resolved here, 409 one reopened."""
        with self.db.transaction() as uow, refusals():
            holder = access.follower(self.keys(uow.session, presented_key(request)))
            refuse_nul([issue_id], "path")
            case = rating_record.case_of(uow.session, issue_id)
            if not access.sees_community(holder, case["community"]):
                raise HttpError(404, "not_found", f"no resolved case {issue_id!r}")
            said = load_json(request, rating_schemas.FollowUpIn())
            rater = Rater(
                "follow_up", recorded_by=holder.name, visited=said.pop("method") == "visit"
            )
            done = rating_record.by_follow_up(
                uow.session,
                uow.outbox,
                self.rating_plan,
                issue_id,
                Verdict(**_said(said)),
                rater,
                self.db.clock.now(),
            )
        self.counted.rated(done["verdict"], "follow_up")
        return json_response(201, rating_schemas.RatingOut().dump(done))

    @api("POST", "/api/v1/public/issues/<string:issue_id>/scores")
    def score_publicly(self, request: Request, issue_id: str) -> Response:
        """Anyone's verdict on a resolved case's published answer (no key; rate-limited per
        address), e.g. `{"verdict": "basically"}`: 201 with the case's public scores."""
        self.public_rate(request)
        with self.db.transaction() as uow, refusals():
            refuse_nul([issue_id], "path")
            verdict = load_json(request, rating_schemas.PublicScoreIn())["verdict"]
            rating_record.by_public(uow.session, uow.outbox, issue_id, verdict, self.db.clock.now())
            shown = rating_views.public_scores(
                uow.session, rating_record.case_of(uow.session, issue_id)
            )
        self.counted.rated(verdict, "public")
        return json_response(201, rating_schemas.PublicScoresOut().dump(shown))

    @api("GET", "/api/v1/public/issues/<string:issue_id>/scores")
    def public_scores(self, request: Request, issue_id: str) -> Response:
        """A resolved case's published answer (masked) and the public's verdicts on it."""
        self.public_rate(request)
        with self.db.transaction() as uow, refusals():
            refuse_nul([issue_id], "path")
            shown = rating_views.public_scores(
                uow.session, rating_record.case_of(uow.session, issue_id)
            )
        return json_response(200, rating_schemas.PublicScoresOut().dump(shown))


def _form(request: Request) -> dict[str, Any]:
    """The page's form as VerdictIn reads it; 400 naming the bad fields."""
    given = {
        "verdict": request.form.get("verdict"),
        "reasons": request.form.getlist("reasons"),
        "comment": request.form.get("comment") or None,
    }
    try:
        loaded: dict[str, Any] = rating_schemas.VerdictIn().load(given)
    except ma.ValidationError as invalid:
        raise HttpError(
            400, "invalid", "the rating has invalid fields", invalid.messages
        ) from invalid
    return loaded


def _said(loaded: dict[str, Any]) -> dict[str, Any]:
    return {**loaded, "reasons": tuple(loaded["reasons"])}
