"""The property companies' entrypoints: a community's inspection, the year's ranking and a
company's integrity file. A part of ScoringService (service.py), which holds the dependencies
they use; the work is property.py's."""

import contextlib
import re
from collections.abc import Iterator

from werkzeug.wrappers import Request, Response

from gongzhi.database import Database
from gongzhi.keyguard import KeyGuard, presented_key
from gongzhi.web import HttpError, api, json_response, load_json, refuse_nul
from scoring import access, property
from scoring.assessment_plan import Plan
from scoring.property_schemas import FileOut, InspectionIn, InspectionOut, RankingOut

YEAR = re.compile(r"^\d{4}$")


class PropertyEntrypoints:
    """Mixed into ScoringService, which gives these their dependencies."""

    db: Database
    plan: Plan
    keys: KeyGuard

    @api("POST", "/api/v1/property/inspections")
    def inspect_property(self, request: Request) -> Response:
        """A community's inspection of one of its property companies (the organiser's key of
        that community), e.g. `{"company": "pc-hongxing", "inspected_on": "2026-10-20",
        "mark": 86, "note": "消防通道畅通"}`: 201; another community's company is a 404."""
        with self.db.transaction() as uow, _not_found():
            holder = access.inspector(self.keys(uow.session, presented_key(request)))
            wanted = property.Inspection(**load_json(request, InspectionIn()))
            now, assessment = self.db.clock.now(), self.plan.assessment
            made = property.record(uow.session, wanted, holder.name, assessment, now)
        return json_response(201, InspectionOut().dump(made))

    @api("GET", "/api/v1/property/ranking/<string:year>")
    def property_ranking(self, request: Request, year: str) -> Response:
        """Each property company's year, best first: its property matters' ratings, its
        inspection marks and its score out of 100, e.g. /api/v1/property/ranking/2026."""
        if not YEAR.match(year):
            raise HttpError(400, "invalid_year", f"{year!r} is no year like 2026")
        with self.db.transaction() as uow:
            access.assessor(self.keys(uow.session, presented_key(request)))
            found = property.ranking(uow.session, int(year), self.plan.assessment)
        return json_response(200, RankingOut().dump({"year": int(year), "companies": found}))

    @api("GET", "/api/v1/property/companies/<string:company>/file")
    def property_file(self, request: Request, company: str) -> Response:
        """A company's integrity file (诚信档案): each month's ratings, each inspection, each
        yellow card, in order; an organiser reads its own community's companies alone."""
        with self.db.transaction() as uow, _not_found():
            holder = access.file_reader(self.keys(uow.session, presented_key(request)))
            refuse_nul([company], "path")
            mine = holder.name if holder.role == "organiser" else None
            found = property.company(self.plan.assessment, company, mine)
            entries = property.file_of(uow.session, company, self.plan.assessment)
        shown = {"company": company, "name": found.name, "community": found.community}
        return json_response(200, FileOut().dump(shown | {"entries": entries}))


@contextlib.contextmanager
def _not_found() -> Iterator[None]:
    """property.NotFound as a 404."""
    try:
        yield
    except property.NotFound as error:
        raise HttpError(404, "not_found", str(error)) from error
