"""The public board's HTML pages (两公开): Jinja2 templates in templates/, autoescaped, with a
strict undefined so a missing field fails the test that renders it instead of printing nothing.
Pages are plain HTML and CSS: readable on a phone, printable for the notice board, no script.

`page` is the HTTP entrypoint for them: like `api`, but its errors are HTML pages too."""

from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from werkzeug.wrappers import Request, Response

from deliberation import words
from gongzhi.web import HttpError, JsonHttpHandler

WHEN = "%Y年%m月%d日 %H:%M"


@cache
def environment() -> Environment:
    made = Environment(
        loader=PackageLoader("deliberation", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    made.filters["local"] = local
    made.globals |= {"options": words.OPTIONS, "option_names": tuple(words.OPTION_NAMES.values())}
    return made


def local(moment: str, zone: str) -> str:
    """A time as public.py gives it (ISO 8601, UTC), as the district reads it: 2026年12月02日
    16:30."""
    return datetime.fromisoformat(moment).astimezone(ZoneInfo(zone)).strftime(WHEN)


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def html_response(status: int, body: str) -> Response:
    return Response(body, status=status, mimetype="text/html")


class PageHandler(JsonHttpHandler):
    """An HTTP entrypoint answering HTML: a refusal or a fault is a page saying so."""

    def render_error(self, error: HttpError, request: Request) -> Response:
        body = render("error.html", status=error.status, message=error.message)
        response = html_response(error.status, body)
        response.headers.update(error.headers)
        return response


page = PageHandler.decorator
