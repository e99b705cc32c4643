"""The matters' entrypoints (matters.py, promotion.py, meetings.py, records.py, sweep.py, views.py),
a part of DeliberationService (service.py), which holds the dependencies they use; the vote's
are in service.py."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Request, Response

from deliberation import (
    access,
    chain,
    filings,
    meetings,
    openapi,
    promotion,
    records,
    sweep,
    views,
)
from deliberation import matter_schemas as schemas
from deliberation import matters as starting
from deliberation.dependencies import CloseTimer, MatterMetrics
from deliberation.policy import Policy
from deliberation.refusals import Forbidden, Invalid, NotFound, Refused
from deliberation.steps import Move
from gongzhi.apikeys import Holder
from gongzhi.database import Database
from gongzhi.keyguard import presented_key
from gongzhi.web import HttpError, api, json_response, load_args, load_json


@contextmanager
def answers() -> Iterator[None]:
    """What a refused decision answers: 400 for what does not exist in the district, 403 for
    a holder who may not, 404 for no such thing, 409 for not in the matter's present state
    (or another change to the same matter at the same moment: try again)."""
    try:
        yield
    except Invalid as invalid:
        raise HttpError(400, "invalid", str(invalid)) from invalid
    except Forbidden as forbidden:
        raise HttpError(403, "forbidden", str(forbidden)) from forbidden
    except NotFound as missing:
        raise HttpError(404, "not_found", str(missing)) from missing
    except (Refused, chain.Contended) as refused:
        raise HttpError(409, "refused", str(refused)) from refused
    except IntegrityError as raced:  # the same co-signer, link or attendee at the same moment
        raise HttpError(409, "refused", "changed meanwhile: send it again") from raced


class MatterEntrypoints:
    """Mixed into DeliberationService, which gives these their dependencies."""

    db: Database
    keys: Callable[..., Holder]
    policy: Policy
    matters_counted: MatterMetrics

    @CloseTimer.decorator
    def sweep_steps(self) -> None:
        """Warn about lapsed steps (or move on those left by their deadline), then bring back
        the matters whose review date has come, batch after batch while batches come full;
        then count matters for the metrics."""
        for one_batch in (sweep.sweep, sweep.reviews):
            for _ in range(10):
                with self.db.transaction() as uow:
                    done = one_batch(self._move(uow, sweep.SWEEPER))
                if done < sweep.BATCH:
                    break
        with self.db.transaction() as uow:
            counts = views.counts(uow.session, self.db.clock.now(), self.policy)
            self.matters_counted.counted(counts, views.tasks_by_state(uow.session))
            self.matters_counted.filed(filings.by_street(uow.session))

    @api("GET", "/api/v1/openapi.json")
    def openapi_document(self, request: Request) -> Response:
        """This API's OpenAPI 3.1 document, for anyone, no key needed: the same as the
        committed services/deliberation/openapi.json."""
        return json_response(200, openapi.document())

    @api("POST", "/api/v1/matters")
    def open_matter(self, request: Request) -> Response:
        """Open a matter at once (staff): raised by a grid joint meeting, by staff, or from
        the district's must-deliberate list, e.g.::

            {"community": "620502001001", "title": "停车难", "description": "晚上车位不够",
             "origin": "listed", "listed_code": "parking"}
        """
        given = load_json(request, schemas.MatterIn())
        new = starting.NewMatter(**given)
        return self._matter_after(
            request, access.opener, lambda h, move: starting.start(new, move), 201
        )

    @api("POST", "/api/v1/proposals")
    def propose(self, request: Request) -> Response:
        """A resident's proposal (a resident app's key), collecting co-signers until its
        process's threshold: `{"community": "620502001001", "title": "加装电梯",
        "description": "...", "resident_ref": "9f2c..."}`."""
        given = load_json(request, schemas.ProposalIn())
        ref = given.pop("resident_ref")
        new = starting.NewMatter(origin="proposal", **given)
        return self._matter_after(
            request, access.resident_app, lambda h, move: starting.start(new, move), 201, actor=ref
        )

    @api("POST", "/api/v1/matters/<string:matter_id>/co-signers")
    def co_sign(self, request: Request, matter_id: str) -> Response:
        """A resident backs a proposal, once: `{"resident_ref": "9f2c..."}`; 409 twice."""
        matter_id = schemas.matter_id(matter_id)
        ref = load_json(request, schemas.CoSignIn())["resident_ref"]
        return self._matter_after(
            request,
            access.resident_app,
            lambda h, move: starting.co_sign(matter_id, ref, move),
            200,
            actor=ref,
        )

    @api("POST", "/api/v1/promotions")
    def promote(self, request: Request) -> Response:
        """Promote routing's cases to a matter (a supervisor's key), e.g.::

            {"issue_ids": ["<case id>", "<case id>"], "title": "下水道反复堵塞",
             "description": "三处同一周堵塞"}

        `into`: an open matter's id to join instead. 404 for a case deliberation has not
        heard of, 409 for one in a matter already or cases of different communities."""
        given = load_json(request, schemas.PromotionIn())
        wanted = promotion.Promotion(tuple(given.pop("issue_ids")), **given)
        return self._matter_after(
            request, access.supervisor, lambda h, move: promotion.promote(wanted, move), 201
        )

    @api("GET", "/api/v1/matters")
    def list_matters(self, request: Request) -> Response:
        """Matters, newest first; `?community=` and `?status=` filter them."""
        with self.db.transaction() as uow:
            access.reader(self.keys(uow.session, presented_key(request)))
            query = load_args(request, schemas.MatterQuery())
            found = views.listed(uow.session, **query, now=self.db.clock.now())
        return json_response(200, schemas.MattersOut().dump({"matters": found}))

    @api("GET", "/api/v1/matters/<string:matter_id>")
    def get_matter(self, request: Request, matter_id: str) -> Response:
        """A matter: its step, cases, co-signers, meetings, minutes, plan and reviews."""
        matter_id = schemas.matter_id(matter_id)
        with answers(), self.db.transaction() as uow:
            access.reader(self.keys(uow.session, presented_key(request)))
            found = views.matter(uow.session, matter_id, self.db.clock.now())
        return json_response(200, schemas.MatterDetailOut().dump(found))

    @api("POST", "/api/v1/matters/<string:matter_id>/meetings")
    def call_meeting(self, request: Request, matter_id: str) -> Response:
        """Call a council meeting on the matter, inviting every party of the council and the
        stakeholders named; without `starts_at`, on the next standing monthly meeting::

            {"place": "社区议事厅", "agenda": "下水道改造方案",
             "starts_at": "2030-05-08T15:00:00+08:00",
             "stakeholders": [{"person": "p-2001", "party": "property_company"}]}
        """
        matter_id = schemas.matter_id(matter_id)
        given = load_json(request, schemas.CallIn())
        given["stakeholders"] = tuple((s["person"], s["party"]) for s in given["stakeholders"])
        wanted = meetings.Call(**given)
        with answers(), self.db.transaction() as uow:
            move = self._move(uow, access.secretary(self._holder(uow, request)).name)
            meeting_id = meetings.call(matter_id, wanted, move)
        return json_response(201, {"meeting_id": meeting_id})

    @api("POST", "/api/v1/meetings/<string:meeting_id>/attendance")
    def attendance(self, request: Request, meeting_id: str) -> Response:
        """Who came: `{"present": ["p-1001", "p-1009"]}` (everyone else invited did not)."""
        number = schemas.meeting_id(meeting_id)
        present = load_json(request, schemas.AttendanceIn())["present"]
        with answers(), self.db.transaction() as uow:
            move = self._move(uow, access.secretary(self._holder(uow, request)).name)
            matter_ids = meetings.attendance(number, present, move)
        return json_response(200, {"meeting_id": number, "matter_ids": matter_ids})

    @api("POST", "/api/v1/matters/<string:matter_id>/minutes")
    def minutes(self, request: Request, matter_id: str) -> Response:
        """A held meeting's minutes on the matter with each party's opinion::

        {"meeting_id": 1, "summary": "议定改造主管道",
         "opinions": {"party_core": "同意", "owners_committee": "费用需公示"}}
        """
        matter_id = schemas.matter_id(matter_id)
        given = load_json(request, schemas.MinutesIn())
        return self._matter_after(
            request,
            access.secretary,
            lambda h, move: records.record_minutes(matter_id, **given, move=move),
            200,
        )

    @api("POST", "/api/v1/matters/<string:matter_id>/plan")
    def write_plan(self, request: Request, matter_id: str) -> Response:
        """The written plan with divided duties::

        {"summary": "分三步实施", "tasks": [{"title": "疏通主管道",
         "owner": {"kind": "department", "id": "city-management"},
         "category": "blocked-sewer", "tier": "street", "due_at": null}]}
        """
        matter_id = schemas.matter_id(matter_id)
        given = load_json(request, schemas.PlanIn())
        tasks = [records.task_of(task) for task in given["tasks"]]
        return self._matter_after(
            request,
            access.secretary,
            lambda h, move: records.record_plan(matter_id, given["summary"], tasks, move),
            200,
        )

    @api("POST", "/api/v1/matters/<string:matter_id>/review")
    def review(self, request: Request, matter_id: str) -> Response:
        """The party committee's review, by a member who sits in the party that reviews:
        every checklist item answered, approved, or sent back with reasons::

            {"answers": {"lawful": true, "sound": true, "fair": true, "funded": true,
             "procedure": true}, "approved": true}
        """
        matter_id = schemas.matter_id(matter_id)
        review = records.Review(**load_json(request, schemas.ReviewIn()))

        def decide(holder: Holder, move: Move) -> Any:
            access.acts_on(holder, records.reviewers(matter_id, move))
            return records.record_review(matter_id, review, move)

        return self._matter_after(request, access.member, decide, 200)

    @api("GET", "/api/v1/work")
    def work(self, request: Request) -> Response:
        """A council member's work: the matters at a step they act on, the overdue first; at
        an open vote, while they owe a ballot (`votes_for`: their own, and each voter's whose
        proxy they hold)."""
        with self.db.transaction() as uow:
            holder = access.member(self._holder(uow, request))
            found = views.work(uow.session, holder.name, self.policy, self.db.clock.now())
        return json_response(200, schemas.WorkOut().dump({"member": holder.name, "matters": found}))

    def _holder(self, uow: Any, request: Request) -> Holder:
        return self.keys(uow.session, presented_key(request))

    def _move(self, uow: Any, actor: str) -> Move:
        return Move(actor, self.db.clock.now(), self.policy, uow.session, uow.outbox)

    def _matter_after(
        self,
        request: Request,
        guard: Callable[[Holder], Holder],
        decide: Callable[[Holder, Move], Any],
        status: int,
        actor: str | None = None,
    ) -> Response:
        """Decide in one unit of work as the key's holder (or `actor`, a resident's ref),
        then answer with the matter as it now stands."""
        with answers(), self.db.transaction() as uow:
            holder = guard(self._holder(uow, request))
            matter = decide(holder, self._move(uow, actor or holder.name))
            found = views.matter(uow.session, matter.id, self.db.clock.now())
        return json_response(status, schemas.MatterDetailOut().dump(found))
