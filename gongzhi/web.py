"""HTTP entrypoints that speak JSON, errors included."""

import json
import re
import socket
import uuid
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

import marshmallow as ma
import structlog
from eventlet.event import Event
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer
from werkzeug.wrappers import Request, Response

from gongzhi import db
from gongzhi.telemetry import CORRELATION_KEY

log = structlog.get_logger(__name__)
CORRELATION_HEADER = "X-Correlation-ID"
MAX_BODY_BYTES = 256 * 1024
RETRY_AFTER_SECONDS = 10  # what a 503 asks clients to wait: a database restart or failover
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads joins the pairs it is given


class HttpError(Exception):
    """An answer other than success: the handler renders it in its wire format."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ):
        self.status, self.code, self.message, self.details = status, code, message, details
        self.headers = headers or {}
        super().__init__(message)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        headers=headers,
        mimetype="application/json",
    )


def load_json(request: Request, schema: ma.Schema) -> dict[str, Any]:
    """The request's JSON body loaded through `schema`; HttpError 400/413 otherwise."""
    try:
        raw = json.loads(request.get_data(cache=False) or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise HttpError(400, "bad_json", f"the body is not JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise HttpError(400, "bad_json", "the body must be a JSON object")
    refuse_nul(strings_in(raw), "body")
    if any(_LONE_SURROGATE.search(text) for text in strings_in(raw)):
        # JSON may escape half a UTF-16 pair ("\ud800"): no encoding stores it, the driver fails
        raise HttpError(400, "bad_json", "the body holds a lone surrogate, which is no character")
    try:
        return schema.load(raw)
    except ma.ValidationError as exc:
        raise HttpError(400, "invalid", "the request has invalid fields", exc.messages) from exc


def load_args(request: Request, schema: ma.Schema) -> dict[str, Any]:
    """The query string loaded through `schema`; HttpError 400 otherwise."""
    try:
        return schema.load(request.args.to_dict())
    except ma.ValidationError as exc:
        raise HttpError(400, "invalid", "the query has invalid fields", exc.messages) from exc


def refuse_nul(strings: Iterable[str], where: str) -> None:
    """PostgreSQL text cannot hold NUL: refuse it at the door, not with a 500 from the driver."""
    if any("\x00" in text for text in strings):
        raise HttpError(400, "nul_character", f"the {where} holds a NUL character")


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys too; iterative, since nesting may run deep."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.items())
        elif isinstance(item, list | tuple):  # tuple: a dict's items
            stack.extend(item)


def correlation_id(request: Request) -> str:
    given = request.headers.get(CORRELATION_HEADER, "")
    return given if 0 < len(given) <= 200 else str(uuid.uuid4())


class PromptWebServer(WebServer):
    """nameko's web server, answering without Nagle's delay. eventlet writes a response
    through a 16 KiB buffer, so one longer than that leaves in several sends, and the last,
    short one waited for the client's ACK of the rest, which a client delays by up to 40 ms:
    a page of the public board took 48 ms where one matter took 3."""

    def process_request(self, sock, address):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().process_request(sock, address)


class JsonHttpHandler(HttpRequestHandler):
    """nameko's @http with JSON error bodies: HttpError as given, anything else a 500."""

    server = PromptWebServer()

    def __init__(self, method: str, url: str, **kwargs: Any):
        # An HttpError is an answer, not a fault: nameko then logs it without a traceback.
        kwargs.setdefault("expected_exceptions", (HttpError,))
        super().__init__(method, url, **kwargs)

    def handle_request(self, request: Request) -> Response:
        request.shallow = False
        try:
            if (request.content_length or 0) > MAX_BODY_BYTES:
                raise HttpError(413, "too_large", f"the body is over {MAX_BODY_BYTES} bytes")
            args, kwargs = self.get_entrypoint_parameters(request)
            refuse_nul(strings_in([kwargs, request.args.to_dict(flat=False)]), "URL")
            self.check_signature(args, kwargs)
            done = Event()
            self.container.spawn_worker(
                self,
                args,
                kwargs,
                context_data={CORRELATION_KEY: correlation_id(request)},
                handle_result=partial(self.handle_result, done),
            )
            return self.response_from_result(done.wait())
        except Exception as exc:
            return self.response_from_exception(exc, request)

    def response_from_exception(self, exc: Exception, request: Request) -> Response:
        return self.render_error(as_http_error(exc), request)

    def render_error(self, error: HttpError, request: Request) -> Response:
        """The error's answer: JSON here; a handler for another wire format overrides this
        (the request tells it which format was asked for, e.g. by the URL's extension)."""
        body = {"error": error.code, "message": error.message}
        if error.details is not None:
            body["details"] = error.details
        return json_response(error.status, body, headers=error.headers)


def as_http_error(exc: Exception) -> HttpError:
    """What any exception answers: an HttpError as it is, a database out of reach a 503 with
    Retry-After, anything else a logged 500."""
    if isinstance(exc, HttpError):
        return exc
    if db.unavailable(exc):
        log.warning("database_unavailable", error=f"{type(exc).__name__}: {exc}"[:500])
        return HttpError(
            503,
            "unavailable",
            "the service cannot reach its database; try again shortly",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    log.error("unhandled_error", error=f"{type(exc).__name__}: {exc}"[:500])
    return HttpError(500, "internal", "internal error")


api = JsonHttpHandler.decorator
