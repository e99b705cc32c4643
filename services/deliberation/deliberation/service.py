"""Deliberation: 1+4+N councils. Entrypoints only; decisions live in handlers.py and the
vote's modules (voting.py, proxies.py, casting.py, paper.py, closing.py); the matters'
entrypoints are in matter_service.py, the public board's in board_service.py, a carried plan's
execution and evaluation in execute_service.py; who may call which
route in access.py."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import structlog
from werkzeug.wrappers import Request, Response

from deliberation import (
    access,
    casting,
    chain,
    closing,
    handlers,
    model,
    paper,
    proxies,
    schemas,
    voting,
)
from deliberation.board_service import BoardEntrypoints
from deliberation.dependencies import (
    CloseTimer,
    DeliberationPolicy,
    MatterMetrics,
    VotingMetrics,
    VotingPlan,
)
from deliberation.execute_service import ExecuteEntrypoints
from deliberation.filing_service import FilingEntrypoints
from deliberation.matter_service import MatterEntrypoints
from deliberation.refusals import Refused
from gongzhi.database import Database, UnitOfWork
from gongzhi.envelope import Event
from gongzhi.handler import event_handler
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.service import ServiceBase
from gongzhi.web import HttpError, api, json_response, load_json

log = structlog.get_logger(__name__)
VOTE = "/api/v1/matters/<string:matter_id>/vote"


class DeliberationService(
    BoardEntrypoints, MatterEntrypoints, ExecuteEntrypoints, FilingEntrypoints, ServiceBase
):
    name = "deliberation"
    db = Database(model.metadata)
    keys = KeyGuard(model.api_keys)
    plan = VotingPlan()
    counted = VotingMetrics()
    policy = DeliberationPolicy()
    matters_counted = MatterMetrics()

    @event_handler("routing.issue.assigned.v1")
    def on_issue_assigned(self, event: Event) -> None:
        """Remember the case (so it can be promoted); an escalation may promote it."""
        self._hear(event, handlers.remember_issue)

    @event_handler("intake.report.corroborated.v1")
    def on_report_corroborated(self, event: Event) -> None:
        """Co-reports of a case, e.g. `{"report_id": "<case id>", "co_reports": 10, ...}`."""
        self._hear(event, handlers.count_co_reports)

    @event_handler("routing.issue.light_changed.v1")
    def on_light_changed(self, event: Event) -> None:
        """A case's clock turned yellow or red: red ones are counted."""
        self._hear(event, handlers.count_red)

    def _hear(self, event: Event, handler: Callable[..., None]) -> None:
        self.db.apply_once(event, handler, clock=self.db.clock, policy=self.policy)

    @CloseTimer.decorator
    def close_due(self) -> None:
        """Close each vote whose `closes_at` has come, one unit of work each."""
        with self.db.transaction() as uow:
            due = closing.due(uow.session, self.db.clock.now())
        for matter_id in due:
            try:
                self._close(matter_id, "deliberation")
            except HttpError as refused:  # closed by staff meanwhile, or contended: next tick
                log.info("vote_not_closed", matter_id=matter_id, reason=refused.code)

    @api("GET", VOTE)
    def vote_status(self, request: Request, matter_id: str) -> Response:
        """The vote's state, rules and roster size, for anyone; its result once closed."""
        with self.db.transaction() as uow:
            vote = voting.load(uow.session, matter_id)
        return json_response(200, voting.status(vote))

    @api("POST", VOTE)
    def open_vote(self, request: Request, matter_id: str) -> Response:
        """Open the vote with a staff key, e.g. `{"community": "620502001001", "closes_at":
        "2026-12-09T12:00:00+08:00"}`: the community's assembly and its process's vote rules
        as they stand now."""
        with self._writing() as uow:
            holder = access.secretary(self.keys(uow.session, presented_key(request)))
            given = load_json(request, schemas.OpenIn())
            voting.refuse_by_hand(uow.session, matter_id)
            community = given["community"]
            vote = voting.open_vote(
                uow.session,
                matter_id,
                community,
                self.plan.assembly(community),
                self.plan.vote_rules(community),
                self.db.clock.now(),
                closes_at=given["closes_at"],
                opened_by=holder.name,
            )
        return json_response(201, voting.status(vote))

    @api("POST", f"{VOTE}/ballots")
    def cast_ballot(self, request: Request, matter_id: str) -> Response:
        """A member's ballot, e.g. `{"option": "agree"}`, or as proxy holder `{"option":
        "agree", "voter": "p-1102"}`; in a secret vote 201 carries a `receipt`, shown once,
        the one way to change that ballot (`{"option": ..., "receipt": ...}`)."""
        with self._writing() as uow:
            holder = access.voter(self.keys(uow.session, presented_key(request)))
            given = load_json(request, schemas.BallotIn())
            ballot = casting.Cast(
                given["voter"] or holder.name, holder.name, given["option"], given["receipt"]
            )
            taken = casting.cast(uow.session, matter_id, ballot, self.db.clock.now())
        body = {"voter": taken.voter, "cast_by": taken.cast_by, "replaced": taken.replaced}
        body |= {"receipt": taken.receipt} if taken.receipt else {}
        return json_response(200 if taken.replaced else 201, body)

    @api("POST", f"{VOTE}/proxies")
    def appoint_proxy(self, request: Request, matter_id: str) -> Response:
        """A written appointment, e.g. `{"holder": "p-1103", "document": "委托书 2026-041"}`
        (a staff key adds `"voter"`)."""
        with self._writing() as uow:
            holder = self.keys(uow.session, presented_key(request))
            given = load_json(request, schemas.ProxyIn())
            voter = given["voter"] or holder.name
            access.appointer(holder, voter)
            made = proxies.Appointment(voter, given["holder"], given["document"], holder.name)
            proxy = proxies.appoint(uow.session, matter_id, made, self.db.clock.now())
        return json_response(201, {"voter": proxy.voter, "holder": proxy.holder})

    @api("GET", f"{VOTE}/paper-ballots")
    def unconfirmed_paper(self, request: Request, matter_id: str) -> Response:
        """The paper ballots waiting for a second person, without their options."""
        with self.db.transaction() as uow:
            access.secretary(self.keys(uow.session, presented_key(request)))
            found = paper.unconfirmed(uow.session, matter_id)
        return json_response(200, {"unconfirmed": schemas.PaperOut(many=True).dump(found)})

    @api("POST", f"{VOTE}/paper-ballots")
    def enter_paper(self, request: Request, matter_id: str) -> Response:
        """A paper ballot entered by the secretary, e.g. `{"voter": "p-1104", "option":
        "agree"}`; it counts once another staff member confirms it."""
        with self._writing() as uow:
            holder = access.secretary(self.keys(uow.session, presented_key(request)))
            given = load_json(request, schemas.PaperIn())
            entry = paper.Paper(given["voter"], given["option"], holder.name)
            number = paper.enter(uow.session, matter_id, entry, self.db.clock.now())
        return json_response(201, {"id": number, "voter": entry.voter, "confirmed": False})

    @api("POST", f"{VOTE}/paper-ballots/<string:bid>/confirm")
    def confirm_paper(self, request: Request, matter_id: str, bid: str) -> Response:
        """Confirm a paper ballot by entering its option again, `{"option": "agree"}`, with a
        staff key other than the one that entered it."""
        with self._writing() as uow:
            holder = access.secretary(self.keys(uow.session, presented_key(request)))
            option = load_json(request, schemas.ConfirmIn())["option"]
            now = self.db.clock.now()
            paper.confirm(uow.session, matter_id, bid, option, holder.name, now)
        return json_response(200, {"id": bid, "confirmed": True})

    @api("POST", f"{VOTE}/close")
    def close_vote(self, request: Request, matter_id: str) -> Response:
        """Close the vote with a staff key: its result per party, published at once."""
        with self.db.transaction() as uow:
            holder = access.secretary(self.keys(uow.session, presented_key(request)))
        result = self._close(matter_id, holder.name)
        return json_response(200, {"matter_id": matter_id, "result": result})

    @api("POST", f"{VOTE}/recount")
    def recount_vote(self, request: Request, matter_id: str) -> Response:
        """Count a closed vote again from its stored ballots, beside the published result."""
        with self.db.transaction() as uow:
            access.secretary(self.keys(uow.session, presented_key(request)))
            found = closing.recount(uow.session, matter_id)
        return json_response(200, found)

    @contextmanager
    def _writing(self) -> Iterator[UnitOfWork]:
        """A unit of work that appends to a matter's chain: when another appended first
        (chain.Contended, on SQLite), it is rolled back and answered 409, to be sent again."""
        try:
            with self.db.transaction() as uow:
                yield uow
        except chain.Contended as exc:
            raise HttpError(409, "contended", str(exc)) from exc
        except Refused as exc:  # the matter's step engine: not at the step a vote closes
            raise HttpError(409, "refused", str(exc)) from exc

    def _close(self, matter_id: str, by: str) -> dict:
        with self._writing() as uow:
            now = self.db.clock.now()
            result = closing.close(uow.session, uow.outbox, matter_id, by, now, self.policy)
        self.counted.counted(result)
        log.info("vote_closed", matter_id=matter_id, carried=result["carried"])
        return result
