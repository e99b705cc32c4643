"""The street's view of what was filed with it (filings.py), a part of DeliberationService
(service.py), which holds the dependencies it uses."""

from collections.abc import Callable

from werkzeug.wrappers import Request, Response

from deliberation import access, filings
from deliberation.filing_schemas import FilingsOut
from deliberation.matter_service import answers
from deliberation.policy import Policy
from gongzhi.apikeys import Holder
from gongzhi.database import Database
from gongzhi.keyguard import presented_key
from gongzhi.web import api, json_response


class FilingEntrypoints:
    """Mixed into DeliberationService, which gives these their dependencies."""

    db: Database
    keys: Callable[..., Holder]
    policy: Policy

    @api("GET", "/api/v1/streets/<string:street>/filings")
    def street_filings(self, request: Request, street: str) -> Response:
        """The plans filed with `street` (e.g. 620502001), the newest first: each matter, its
        community, the review's checklist, the plan's summary (masked) and its tasks' count.
        For a supervisor's key of that street (its code or one on its grid's roster)."""
        with answers(), self.db.transaction() as uow:
            holder = access.supervisor(self.keys(uow.session, presented_key(request)))
            filings.of_its_street(holder, street, self.policy)
            found = filings.of_street(uow.session, street)
        return json_response(200, FilingsOut().dump({"street": street, "filings": found}))
