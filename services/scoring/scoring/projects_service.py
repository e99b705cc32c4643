"""Projects' entrypoints: an organiser publishes a resident's need, a person (through a resident
app) or an organisation (its own key) claims it and reports it done, the resident who ordered it
rates it, anyone lists a community's open projects, and staff list its projects at every step.
A part of ScoringService (service.py), which holds the dependencies they use; the decisions are
projects.py's."""

from werkzeug.wrappers import Request, Response

from gongzhi import personal
from gongzhi.apikeys import Holder
from gongzhi.database import Database
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.web import HttpError, api, json_response, load_args, load_json, refuse_nul
from scoring import access, project_schemas, projects
from scoring.dependencies import ScoringMetrics
from scoring.earning import Book
from scoring.schemas import record_id

ONE = "/api/v1/projects/<string:project_id>"


class ProjectsEntrypoints:
    """Mixed into ScoringService, which gives these their dependencies."""

    db: Database
    book: Book
    keys: KeyGuard
    counted: ScoringMetrics

    @api("POST", "/api/v1/projects")
    def publish_project(self, request: Request) -> Response:
        """Publish a need of the organiser's community, e.g. `{"kind": "basic", "title":
        "帮独居老人买菜", "points": 10, "ordered_by": "<the resident's ref>"}`: 201."""
        with self.db.transaction() as uow:
            holder = access.publisher(self.keys(uow.session, presented_key(request)))
            need = projects.Need(**load_json(request, project_schemas.ProjectIn()))
            at = self.db.clock.now()
            made = projects.publish(uow.session, holder.name, need, holder.name, at, self.book)
        self._counted(made)
        return json_response(201, project_schemas.ProjectOut().dump(made))

    @api("POST", f"{ONE}/claims")
    def claim_project(self, request: Request, project_id: str) -> Response:
        """Claim an open project: a resident app for a person, e.g. `{"person": "p-1001"}`
        (basic projects), an organisation's key for itself (key projects)."""
        return self._step(request, project_id, projects.claim, with_book=True)

    @api("POST", f"{ONE}/done")
    def project_done(self, request: Request, project_id: str) -> Response:
        """Its claimant reports the work done, as it claimed it."""
        return self._step(request, project_id, projects.report_done, with_book=False)

    @api("POST", f"{ONE}/rating")
    def rate_project(self, request: Request, project_id: str) -> Response:
        """The resident who ordered it rates the work done, through their app, e.g.
        `{"resident": "<ref>", "verdict": "satisfied"}`: its points are posted (a cap over
        them is a 409 naming it); unsatisfied, it goes back to its claimant."""
        with self.db.transaction() as uow:
            access.rater(self.keys(uow.session, presented_key(request)))
            number = record_id(project_id, "project")
            rating = projects.Rating(**load_json(request, project_schemas.RatingIn()))
            now, book = self.db.clock.now(), self.book
            done = projects.rate(uow.session, number, rating, now, book, uow.outbox)
        self._counted(done)
        return json_response(200, project_schemas.ProjectOut().dump(done))

    @api("GET", "/api/v1/public/projects/<string:community>")
    def public_projects(self, request: Request, community: str) -> Response:
        """A community's open projects, for anyone: no key needed or read."""
        refuse_nul([community], "path")
        if community not in self.book.communities:
            raise HttpError(404, "not_found", f"no community {community!r} in the district")
        with self.db.transaction() as uow:
            found = _masked(projects.open_in(uow.session, community))
        body = {"community": community, "projects": found}
        return json_response(200, project_schemas.PublicProjects().dump(body))

    @api("GET", "/api/v1/projects")
    def list_projects(self, request: Request) -> Response:
        """Projects at every step, newest first (`?status=done`, `?kind=key`): an organiser's
        community's, any community's for an operator (`?community=620502001001`, or all)."""
        with self.db.transaction() as uow:
            holder = access.projects_reader(self.keys(uow.session, presented_key(request)))
            query = load_args(request, project_schemas.ProjectsQuery())
            community = self._community(holder, query["community"])
            found = projects.listed(uow.session, **{**query, "community": community})
        body = {"projects": _masked(found)}
        return json_response(200, project_schemas.ProjectsOut().dump(body))

    def _community(self, holder: Holder, asked: str | None) -> str | None:
        """An organiser's own community (another's is a 403); an operator's the one asked."""
        if asked is not None and not access.sees_community(holder, asked):
            raise HttpError(403, "forbidden", "an organiser lists its own community's projects")
        if asked is not None and asked not in self.book.communities:
            raise HttpError(404, "not_found", f"no community {asked!r} in the district")
        return holder.name if holder.role == "organiser" else asked

    def _step(self, request: Request, project_id: str, step, *, with_book: bool) -> Response:
        with self.db.transaction() as uow:
            holder = access.project_claimant(self.keys(uow.session, presented_key(request)))
            number = record_id(project_id, "project")
            claimant = _claimant(holder, load_json(request, project_schemas.ClaimantIn()))
            more = (self.book,) if with_book else ()
            done = step(uow.session, number, claimant, self.db.clock.now(), *more, uow.outbox)
        self._counted(done)
        return json_response(200, project_schemas.ProjectOut().dump(done))

    def _counted(self, found) -> None:
        """Count a step once its transaction committed: a step rolled back is no step."""
        points = found.points if found.status == "confirmed" else 0
        self.counted.project(found.status, found.community, points)


def _masked(rows) -> list[dict]:
    """Each project with personal data masked in its title, for a list."""
    return [{**row._asdict(), "title": personal.mask(row.title)} for row in rows]


def _claimant(holder: Holder, given: dict) -> projects.Claimant:
    """An organisation's key acts for itself; a resident app for the person it names."""
    if holder.role == "organisation":
        return projects.Claimant("organisation", holder.name)
    if not given["person"]:
        raise HttpError(400, "invalid", "a resident app names the person it acts for")
    return projects.Claimant("person", given["person"])
