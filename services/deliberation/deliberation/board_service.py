"""The public board's entrypoints (两公开): a community's decisions and each matter, as JSON and
as HTML pages, for anyone: no key is needed or read. A part of DeliberationService (service.py),
which holds the dependencies they use; the reads are board.py's, the shaping public.py's."""

from typing import Any

from werkzeug.wrappers import Request, Response

from deliberation import board, pages, public_schemas
from deliberation.matter_schemas import matter_id as checked_matter_id
from deliberation.matter_service import answers
from deliberation.pages import html_response, page
from deliberation.policy import Policy
from gongzhi.database import Database
from gongzhi.web import api, json_response, load_args

DECISIONS = "/api/v1/public/communities/<string:community>/matters"


class BoardEntrypoints:
    """Mixed into DeliberationService, which gives these their dependencies."""

    db: Database
    policy: Policy

    @api("GET", DECISIONS)
    def public_decisions(self, request: Request, community: str) -> Response:
        """A community's decisions, newest first, a page at a time (`?limit=`, then
        `?cursor=<next_cursor>`): each matter's title, process, and its vote's tally per
        party, carried or not with every reason in words. 404 for a community not listed."""
        return json_response(200, self._page(request, community))

    @api("GET", "/api/v1/public/matters/<string:matter_id>")
    def public_matter(self, request: Request, matter_id: str) -> Response:
        """One matter: its steps with their dates, its plan's tasks, and its vote: only that
        it is open while it is, the tally per party once it closed."""
        return json_response(200, self._matter(matter_id))

    @page("GET", "/board/<string:community>")
    def board_page(self, request: Request, community: str) -> Response:
        """The community's board as a page, for a phone or the notice board."""
        found = self._page(request, community)
        return html_response(200, pages.render("board.html", **found, zone=self._zone()))

    @page("GET", "/board/matters/<string:matter_id>")
    def board_matter_page(self, request: Request, matter_id: str) -> Response:
        found = self._matter(matter_id)
        return html_response(200, pages.render("matter.html", matter=found, zone=self._zone()))

    def _page(self, request: Request, community: str) -> dict[str, Any]:
        query = load_args(request, public_schemas.PageQuery())
        with answers(), self.db.transaction() as uow:
            return board.decisions_page(uow.session, community, query, self.policy)

    def _matter(self, matter_id: str) -> dict[str, Any]:
        matter_id = checked_matter_id(matter_id)
        with answers(), self.db.transaction() as uow:
            return board.matter_page(uow.session, matter_id, self.policy)

    def _zone(self) -> str:
        return self.policy.district.timezone
