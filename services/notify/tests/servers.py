"""Real local servers for notify's tests, each on 127.0.0.1 at a free port for one test: an SMTP
server (aiosmtpd), an HTTP server that takes webhooks, and an SMS gateway that checks each
request's signature as notify/sms_gateway.py documents it.

Tests take them as the fixtures `smtp_server`, `http_server` and `sms_gateway` of
services/notify/conftest.py, not by importing this module: pytest imports every service's
tests/ folder as the package `tests`, so `from tests.servers import ...` finds another
service's `tests` in a whole run.
"""

import hmac
import json
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
HANG = None  # an answer of None: the server keeps the request open until it stops


def free_port() -> int:
    """A TCP port nothing listens on now (aiosmtpd needs one named: it cannot take 0)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Mail:
    """One e-mail the SMTP server took: the envelope's sender and recipients, and the message."""

    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class SmtpServer:
    """aiosmtpd accepting every e-mail for anyone; `mails` in the order they came."""

    port: int
    mails: list[Mail] = field(default_factory=list)

    def url(self, sender: str = "noreply@xiguan.example.cn") -> str:
        """An Apprise mailto:// URL that sends through this server (plain SMTP, no login)."""
        return f"mailto://{HOST}:{self.port}?from={sender}&mode=insecure"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.mails.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[SmtpServer]:
    """A running SmtpServer, stopped on leaving."""
    server = SmtpServer(free_port())
    controller = Controller(server, hostname=HOST, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@dataclass(frozen=True)
class Request:
    """One request an HttpServer took."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


# What an HttpServer answers a request: a status and a JSON body, or HANG.
Answer = Callable[[Request], tuple[int, Any] | None]


@dataclass
class HttpServer:
    """An HTTP server recording every request in `requests` and answering each with `answer`
    (by default 200 and {}); a test may set `answer` at any time."""

    port: int
    answer: Answer = lambda request: (200, {})
    requests: list[Request] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str = "/hook", scheme: str = "json") -> str:
        """This server as an Apprise URL (json:// posts Apprise's JSON payload)."""
        return f"{scheme}://{HOST}:{self.port}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_POST(self) -> None:
        owner: HttpServer = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        request = Request("POST", self.path, dict(self.headers), self.rfile.read(length))
        owner.requests.append(request)
        answer = owner.answer(request)
        if answer is HANG:
            owner.stopping.wait(60)
            return
        status, body = answer
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads `requests`."""


@contextmanager
def http_server() -> Iterator[HttpServer]:
    """A running HttpServer in a thread, stopped on leaving (a hanging request let go)."""
    httpd = ThreadingHTTPServer((HOST, 0), _Handler)
    httpd.daemon_threads = True
    owner = HttpServer(httpd.server_address[1])
    httpd.owner = owner  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield owner
    finally:
        owner.stopping.set()
        httpd.shutdown()
        httpd.server_close()


@dataclass
class SmsGateway:
    """A district's SMS gateway on an HttpServer: it refuses a request whose X-Signature is not
    HMAC-SHA256(secret, "POST\\n" + path + "\\n" + body) with 403 SignatureDoesNotMatch, and
    answers a signed one by `mode`: "ok" (200, code OK and a message id), "fail" (500, code
    InternalError) or "hang" (no answer). `sent` holds each signed request's JSON."""

    http: HttpServer
    secret: str = "gateway-secret-for-tests"
    mode: str = "ok"
    sent: list[dict[str, Any]] = field(default_factory=list)

    def url(self, key_id: str = "LTAItest", sign: str = "西关街道", **query: str) -> str:
        """An smsgw:// URL for this gateway, with its secret and sign name."""
        extra = "".join(f"&{name}={value}" for name, value in query.items())
        return (
            f"smsgw://{key_id}@{HOST}:{self.http.port}/v1/send"
            f"?secret={self.secret}&sign={sign}{extra}"
        )

    def answer(self, request: Request) -> tuple[int, Any] | None:
        expected = hmac.new(
            self.secret.encode(), b"POST\n" + request.path.encode() + b"\n" + request.body, "sha256"
        ).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get("X-Signature", "")):
            return 403, {"code": "SignatureDoesNotMatch", "message": "signature mismatch"}
        self.sent.append(request.json())
        if self.mode == "hang":
            return HANG
        if self.mode == "fail":
            return 500, {"code": "InternalError", "message": "the gateway is down"}
        return 200, {"code": "OK", "message_id": f"msg-{len(self.sent)}"}


@contextmanager
def sms_gateway() -> Iterator[SmsGateway]:
    """A running SmsGateway, stopped on leaving."""
    with http_server() as http:
        gateway = SmsGateway(http)
        http.answer = gateway.answer
        yield gateway
