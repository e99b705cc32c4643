"""Open311's HTTP entrypoints: every error, whenever raised, as the spec's `errors` list in the
format the URL asks for (`.json` → JSON, anything else → XML, the spec's required format)."""

from typing import Any

from werkzeug.routing import Map
from werkzeug.wrappers import Request, Response

from gongzhi.web import HttpError, JsonHttpHandler
from intake import open311_fields, open311_wire

ANY_METHOD = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")  # HEAD comes with GET


def wire_format(path: str) -> str:
    return "json" if path.endswith(".json") else "xml"


class Open311Handler(JsonHttpHandler):
    """An Open311 route: its errors (413, NUL, 403, 404, 429, 503, 500 ...) in the spec's
    shape, headers such as Retry-After kept."""

    def render_error(self, error: HttpError, request: Request) -> Response:
        problems = open311_fields.problems(error)
        response = open311_wire.errors(wire_format(request.path), error.status, problems)
        response.headers.update(error.headers)
        return response


class Open311Fallback(Open311Handler):
    """Any method on any path that no Open311 route takes. The method gets `allowed`: the
    methods the path takes on other routes (none: no such resource)."""

    def __init__(self, url: str, **kwargs: Any):
        super().__init__(",".join(ANY_METHOD), url, **kwargs)

    def setup(self) -> None:
        super().setup()
        routes = [
            entrypoint.get_url_rule()
            for entrypoint in self.container.entrypoints
            if isinstance(entrypoint, Open311Handler)
            and not isinstance(entrypoint, Open311Fallback)
        ]
        self.routes = Map(routes).bind("localhost")

    def get_entrypoint_parameters(self, request: Request) -> tuple[tuple, dict[str, Any]]:
        args, kwargs = super().get_entrypoint_parameters(request)
        return args, {**kwargs, "allowed": sorted(self.routes.allowed_methods(request.path))}


open311 = Open311Handler.decorator
open311_fallback = Open311Fallback.decorator
