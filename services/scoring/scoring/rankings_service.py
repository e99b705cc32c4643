"""Rankings' entrypoints: a person's consent to be shown on public boards, and a community's
month as a board, in full for staff and for anyone as the public sees it. A part of
ScoringService (service.py), which holds the dependencies they use; the reads are boards.py's."""

from werkzeug.wrappers import Request, Response

from gongzhi.database import Database
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.web import HttpError, api, json_response, load_args, load_json, refuse_nul
from scoring import access, accounts, boards, ledger, rankings_schemas, schemas, views
from scoring.earning import Book

BOARD = "<string:community>/<string:month>"


class RankingsEntrypoints:
    """Mixed into ScoringService, which gives these their dependencies."""

    db: Database
    book: Book
    keys: KeyGuard

    @api("PUT", "/api/v1/people/<string:person>/board")
    def set_consent(self, request: Request, person: str) -> Response:
        """Whether the person is shown on public boards, and under which alias (none: a masked
        id), as they chose in their app, e.g. `{"shown": true, "alias": "热心大姐"}`."""
        with self.db.transaction() as uow:
            access.consenter(self.keys(uow.session, presented_key(request)))
            refuse_nul([person], "path")
            wanted = load_json(request, rankings_schemas.ConsentIn())
            try:
                accounts.consent(uow.session, person, wanted["shown"], wanted["alias"])
            except ledger.Refused as refused:
                status = 404 if refused.code == "not_found" else 400
                raise HttpError(status, refused.code, refused.message) from refused
            found = views.person(uow.session, person)
        return json_response(200, schemas.PersonOut().dump(found))

    @api("GET", f"/api/v1/rankings/{BOARD}")
    def staff_rankings(self, request: Request, community: str, month: str) -> Response:
        """A community's month (`?grid=` narrows it to a grid): stars, figures, every
        volunteer by points and every party member by pioneer index, by id."""
        with self.db.transaction() as uow:
            holder = access.rankings_reader(self.keys(uow.session, presented_key(request)))
            if not access.sees_community(holder, community):
                raise HttpError(404, "not_found", f"no community {community!r}")
            found = self._board(request, uow.session, community, month)
        return json_response(200, rankings_schemas.StaffBoard().dump(boards.staff_view(found)))

    @api("GET", f"/api/v1/public/rankings/{BOARD}")
    def public_rankings(self, request: Request, community: str, month: str) -> Response:
        """The same for anyone, no key needed or read: only people who agreed to be shown, by
        the alias they chose or a masked id, the district's board_size of each list."""
        with self.db.transaction() as uow:
            found = self._board(request, uow.session, community, month)
        shown = boards.public_view(found, self.book.scoring.rankings.board_size)
        return json_response(200, rankings_schemas.PublicBoard().dump(shown))

    def _board(self, request: Request, session, community: str, month: str) -> dict:
        refuse_nul([community, month], "path")
        if community not in self.book.communities:
            raise HttpError(404, "not_found", f"no community {community!r} in the district")
        grid = load_args(request, rankings_schemas.BoardQuery())["grid"]
        return boards.board(session, self.book, community, month, grid)
