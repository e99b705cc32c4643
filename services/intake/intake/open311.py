"""Open311 GeoReport v2 at /open311/v2/: the standard civic API, generated from the district.

The endpoints are a mixin of IntakeService (entrypoints only): they need the service's `db`,
`district`, `_reader(request, route)`, `admit(route, key)` and `take_report(report)`: who may
call each route, and who reads the full record, is in access.py, as for the native API. The
translation to and from the spec's fields lives in open311_fields.py; the wire format in
open311_wire.py. Every route is an `@open311` entrypoint (open311_http.py), so whatever it
raises, and whatever is refused before it runs, answers as the spec's errors list in the format
the URL asks for.

Every GET of requests and updates shows the public view (intake/public.py) to a caller without
the full view. The services list keeps the private categories: a resident must be able to
report a family dispute, and a service definition tells nothing about anyone; their requests
are what stays hidden.
"""

from werkzeug.wrappers import Request, Response

from gongzhi.web import HttpError, refuse_nul
from intake import open311_fields, open311_wire, views
from intake.open311_http import open311, open311_fallback

PREFIX = "/open311/v2"
FMT = "<any(xml, json):fmt>"


class Open311Api:
    @open311("GET", f"{PREFIX}/discovery.{FMT}")
    def open311_discovery(self, request: Request, fmt: str) -> Response:
        self._caller(request, "open311_discovery")
        body = open311_fields.discovery(self.district, request.host_url.rstrip("/") + PREFIX)
        return open311_wire.respond(fmt, "discovery", body)

    @open311("GET", f"{PREFIX}/services.{FMT}")
    def open311_services(self, request: Request, fmt: str) -> Response:
        self._caller(request, "open311_services")
        open311_fields.check_jurisdiction(request.args, self.district)
        body = [open311_fields.service(c) for c in self.district.categories.values()]
        return open311_wire.respond(fmt, "services", body)

    @open311("GET", f"{PREFIX}/services/<string:code>.{FMT}")
    def open311_service_definition(self, request: Request, code: str, fmt: str) -> Response:
        self._caller(request, "open311_service_definition")
        open311_fields.check_jurisdiction(request.args, self.district)
        body = open311_fields.definition(open311_fields.category(self.district, code))
        return open311_wire.respond(fmt, "service_definition", body)

    @open311("POST", f"{PREFIX}/requests.{FMT}")
    def open311_post_request(self, request: Request, fmt: str) -> Response:
        refuse_nul((v for values in request.form.listvalues() for v in values), "form")
        caller = self.admit("open311_post_request", request.form.get("api_key", ""))
        report = open311_fields.report(request.form, self.district, caller.role)
        accepted = self.take_report(report)
        body = [open311_fields.accepted(accepted)]
        return open311_wire.respond(fmt, "service_requests", body)

    @open311("GET", f"{PREFIX}/requests.{FMT}")
    def open311_get_requests(self, request: Request, fmt: str) -> Response:
        """Without the full view, the public view (intake/public.py), as everywhere below."""
        reader = self._reader(request, "open311_get_requests")
        open311_fields.check_jurisdiction(request.args, self.district)
        query = open311_fields.query(request.args, self.db.clock.now(), reader.categories)
        with self.db.transaction() as uow:
            found = views.search_reports(uow.session, query, reader.full)
        body = [open311_fields.request(r, self.district) for r in reader.reports(found)]
        return open311_wire.respond(fmt, "service_requests", body)

    @open311("GET", f"{PREFIX}/requests/<string:request_id>.{FMT}")
    def open311_get_request(self, request: Request, request_id: str, fmt: str) -> Response:
        reader = self._reader(request, "open311_get_request", request_id)
        open311_fields.check_jurisdiction(request.args, self.district)
        with self.db.transaction() as uow:
            found = views.find_report(uow.session, request_id, reader.full)
        if found is None or not reader.may_read(found):
            raise HttpError(404, "not_found", f"no service request {request_id}")
        body = [open311_fields.request(r, self.district) for r in reader.reports([found])]
        return open311_wire.respond(fmt, "service_requests", body)

    @open311("GET", f"{PREFIX}/servicerequestupdates.{FMT}")
    def open311_updates(self, request: Request, fmt: str) -> Response:
        """The FixMyStreet-style poll of update history: ?start_date=&end_date=."""
        reader = self._reader(request, "open311_updates")
        query = open311_fields.query(request.args, self.db.clock.now(), reader.categories)
        with self.db.transaction() as uow:
            found = views.updates_between(uow.session, query, reader.full)
        body = [open311_fields.request_update(u, self.district) for u in reader.updates(found)]
        return open311_wire.respond(fmt, "service_requests_updates", body)

    @open311("GET", f"{PREFIX}/tokens/<string:token>.{FMT}")
    def open311_token(self, request: Request, token: str, fmt: str) -> Response:
        self._caller(request, "open311_token")
        # Every service here is realtime: a POST answers with the id, never with a token.
        raise HttpError(404, "not_found", f"no token {token}: requests here get an id at once")

    # Under /open311/ rather than PREFIX/, so that /open311/v2 and /open311/v2/ answer too.
    # werkzeug tries a <path:...> rule last: it never shadows a route above.
    @open311_fallback("/open311/<path:rest>")
    def open311_unrouted(self, request: Request, rest: str, allowed: list[str]) -> Response:
        """Any other method or path: 405 naming the methods the path takes, else 404."""
        if allowed:
            message = f"{request.method} is not allowed here: {', '.join(allowed)} are"
            raise HttpError(
                405, "method_not_allowed", message, headers={"Allow": ", ".join(allowed)}
            )
        raise HttpError(404, "not_found", f"no Open311 resource at {request.path}")
