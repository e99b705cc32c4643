"""Open311 GeoReport v2 at /open311/v2/: the standard civic API, generated from the district.

The endpoints are a mixin of IntakeService (entrypoints only): they need the service's `db`,
`district`, `authorise(key)` and `take_report(report)`. The translation to and from the spec's
fields lives in open311_fields.py; the wire format in open311_wire.py.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.wrappers import Request, Response

from gongzhi.web import HttpError, api, refuse_nul
from intake import handlers, open311_fields, open311_wire, updates

PREFIX = "/open311/v2"
FMT = "<any(xml, json):fmt>"


class Open311Api:
    @api("GET", f"{PREFIX}/discovery.{FMT}")
    def open311_discovery(self, request: Request, fmt: str) -> Response:
        body = open311_fields.discovery(self.district, request.host_url.rstrip("/") + PREFIX)
        return open311_wire.respond(fmt, "discovery", body)

    @api("GET", f"{PREFIX}/services.{FMT}")
    def open311_services(self, request: Request, fmt: str) -> Response:
        with open311_errors(fmt):
            open311_fields.check_jurisdiction(request.args, self.district)
            body = [open311_fields.service(c) for c in self.district.categories.values()]
        return open311_wire.respond(fmt, "services", body)

    @api("GET", f"{PREFIX}/services/<string:code>.{FMT}")
    def open311_service_definition(self, request: Request, code: str, fmt: str) -> Response:
        with open311_errors(fmt):
            open311_fields.check_jurisdiction(request.args, self.district)
            body = open311_fields.definition(open311_fields.category(self.district, code))
        return open311_wire.respond(fmt, "service_definition", body)

    @api("POST", f"{PREFIX}/requests.{FMT}")
    def open311_post_request(self, request: Request, fmt: str) -> Response:
        with open311_errors(fmt):
            refuse_nul((v for values in request.form.listvalues() for v in values), "form")
            role = self.authorise(request.form.get("api_key", ""))
            report = open311_fields.report(request.form, self.district, role)
            accepted = self.take_report(report)
            body = [open311_fields.accepted(accepted)]
        return open311_wire.respond(fmt, "service_requests", body)

    @api("GET", f"{PREFIX}/requests.{FMT}")
    def open311_get_requests(self, request: Request, fmt: str) -> Response:
        with open311_errors(fmt):
            open311_fields.check_jurisdiction(request.args, self.district)
            query = open311_fields.query(request.args, self.db.clock.now())
            with self.db.transaction() as uow:
                found = handlers.search_reports(uow.session, query)
            body = [open311_fields.request(r, self.district) for r in found]
        return open311_wire.respond(fmt, "service_requests", body)

    @api("GET", f"{PREFIX}/requests/<string:request_id>.{FMT}")
    def open311_get_request(self, request: Request, request_id: str, fmt: str) -> Response:
        with open311_errors(fmt):
            open311_fields.check_jurisdiction(request.args, self.district)
            with self.db.transaction() as uow:
                found = handlers.find_report(uow.session, request_id)
            if found is None:
                raise HttpError(404, "404", f"no service request {request_id}")
            body = [open311_fields.request(found, self.district)]
        return open311_wire.respond(fmt, "service_requests", body)

    @api("GET", f"{PREFIX}/servicerequestupdates.{FMT}")
    def open311_updates(self, request: Request, fmt: str) -> Response:
        """The FixMyStreet-style poll of update history: ?start_date=&end_date=."""
        with open311_errors(fmt):
            query = open311_fields.query(request.args, self.db.clock.now())
            with self.db.transaction() as uow:
                found = updates.updates_between(uow.session, query.start, query.end, query.limit)
            body = [open311_fields.request_update(u, self.district) for u in found]
        return open311_wire.respond(fmt, "service_requests_updates", body)

    @api("GET", f"{PREFIX}/tokens/<string:token>.{FMT}")
    def open311_token(self, request: Request, token: str, fmt: str) -> Response:
        # Every service here is realtime: a POST answers with the id, never with a token.
        missing = HttpError(404, "404", f"no token {token}: requests here get an id at once")
        raise Open311Error(fmt, missing)


@contextmanager
def open311_errors(fmt: str) -> Iterator[None]:
    """Any HttpError raised inside answers as the spec's errors body in the asked format."""
    try:
        yield
    except HttpError as error:
        raise Open311Error(fmt, error) from error


class Open311Error(HttpError):
    """An HttpError that carries its response already rendered the Open311 way."""

    def __init__(self, fmt: str, error: HttpError):
        super().__init__(error.status, error.code, error.message, error.details, error.headers)
        self.response = open311_wire.errors(fmt, error.status, open311_fields.problems(error))
        self.response.headers.update(error.headers)
